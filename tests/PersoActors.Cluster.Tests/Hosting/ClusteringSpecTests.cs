using PersoActors.Storage.Hosting;

namespace PersoActors.Cluster.Tests.Hosting;

public sealed class ClusteringSpecTests
{
    [Fact]
    public void A_sqlite_spec_names_the_file_by_its_absolute_path()
    {
        var spec = ClusteringSpec.Parse("sqlite:data/cluster.db");
        Assert.Equal(ClusteringStore.Sqlite, spec.Store);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "data", "cluster.db"), spec.Target);
    }

    [Theory]
    [InlineData("postgres:Host=db;Username=app;Password=secret")]
    [InlineData("PostgreSQL:Host=db;Username=app;Password=secret")]
    public void A_postgres_spec_keeps_the_connection_string_and_hides_the_password_when_printed(string text)
    {
        var spec = ClusteringSpec.Parse(text);
        Assert.Equal(ClusteringStore.Postgres, spec.Store);
        Assert.Equal("Host=db;Username=app;Password=secret", spec.Target);
        Assert.DoesNotContain("secret", spec.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("azure:DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=c2VjcmV0;TableEndpoint=http://127.0.0.1:10002/dev")]
    [InlineData("Azure:DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=c2VjcmV0;TableEndpoint=http://127.0.0.1:10002/dev")]
    public void An_azure_spec_keeps_the_connection_string_and_hides_the_account_key_when_printed(string text)
    {
        var spec = ClusteringSpec.Parse(text);
        Assert.Equal(ClusteringStore.Azure, spec.Store);
        Assert.EndsWith("AccountKey=c2VjcmV0;TableEndpoint=http://127.0.0.1:10002/dev", spec.Target, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", spec.ToString(), StringComparison.Ordinal);
        Assert.Contains("AccountName=dev", spec.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_storage_specs_name_the_azure_store()
    {
        var spec = StorageSpec.Parse("azure:UseDevelopmentStorage=true");
        Assert.Equal(StateStore.Azure, spec.Store);
        Assert.Equal("UseDevelopmentStorage=true", spec.Target);
    }

    [Theory]
    [InlineData("azure:")]
    [InlineData("azure:AccountKey=secret;nonsense")]
    public void An_azure_connection_string_the_sdk_refuses_is_rejected_at_parse_time_without_secrets(string text)
    {
        foreach (var parse in new Action[] { () => ClusteringSpec.Parse(text), () => StorageSpec.Parse(text) })
        {
            var error = Assert.Throws<FormatException>(parse);
            Assert.Contains("Azure Storage connection string", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("cluster.db")]
    [InlineData("redis:Password=secret")]
    [InlineData("sqlite:")]
    [InlineData("postgres:  ")]
    public void Anything_else_is_rejected_with_the_accepted_forms_and_without_secrets(string text)
    {
        var error = Assert.Throws<FormatException>(() => ClusteringSpec.Parse(text));
        Assert.Contains(text.StartsWith("postgres", StringComparison.Ordinal) ? "connection string" : "sqlite:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}

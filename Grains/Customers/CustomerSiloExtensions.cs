using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace PersoActors.Grains.Customers;

/// <summary>Registers what customer grains need in a silo (Orleans finds the grain classes of this assembly itself).</summary>
public static class CustomerSiloExtensions
{
    /// <summary>Adds a clock and <see cref="CustomerProfileOptions"/> bound from the <c>Customers</c> configuration section
    /// (checked when the silo starts).</summary>
    public static ISiloBuilder AddCustomerGrains(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<CustomerProfileOptions>().BindConfiguration("Customers").ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CustomerProfileOptions>, CustomerProfileOptionsValidator>());
        return silo;
    }
}

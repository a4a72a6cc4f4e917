using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;

namespace PersoActors.Grains.Customers;

/// <summary>Registers what customer grains need in a silo (Orleans finds the grain classes of this assembly itself).</summary>
public static class CustomerSiloExtensions
{
    /// <summary>Adds a clock and <see cref="CustomerProfileOptions"/> bound from the <c>Customers</c> configuration section.</summary>
    public static ISiloBuilder AddCustomerGrains(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<CustomerProfileOptions>().BindConfiguration("Customers");
        return silo;
    }
}

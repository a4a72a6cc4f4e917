using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PersoActors.Runtime.Hosting;

namespace PersoActors.Grains.Customers;

/// <summary>Registers what customer grains need in a silo.</summary>
public static class CustomerSiloExtensions
{
    /// <summary>Adds the grains of this assembly, a clock, and <see cref="CustomerProfileOptions"/>
    /// bound from the <c>Customers</c> configuration section.</summary>
    public static SiloBuilder AddCustomerGrains(this SiloBuilder silo)
    {
        silo.AddGrains(typeof(CustomerGrain).Assembly);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddOptions<CustomerProfileOptions>().BindConfiguration("Customers");
        return silo;
    }
}

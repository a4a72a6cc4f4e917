using Microsoft.AspNetCore.Diagnostics;
using PersoActors.Grains.Interfaces.Customers;

namespace PersoActors.Gateway.Http;

/// <summary>Answers a change the grain refused (<see cref="ProfileValidationException"/>) with a 400
/// naming the field, instead of a 500.</summary>
internal sealed class ProfileExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ProfileValidationException invalid)
        {
            return false;
        }

        await ApiProblems.WriteAsync(httpContext, StatusCodes.Status400BadRequest, "Invalid request", invalid.Field, invalid.Message);
        return true;
    }
}

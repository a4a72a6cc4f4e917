using PersoActors.Grains.Interfaces.Decisions;

namespace PersoActors.Grains.Decisions;

/// <summary>Checks decision requests; every problem is reported with the JSON field it concerns.</summary>
public static class RequestValidator
{
    public static void ThrowIfInvalid(RecommendationsRequest? request)
    {
        var errors = new List<FieldError>();
        if (request is null)
        {
            throw new DecisionValidationException([new FieldError("body", "A request body is required.")]);
        }

        if (string.IsNullOrWhiteSpace(request.Slot) || request.Slot.Length > 64)
        {
            errors.Add(new FieldError("slot", "Required, at most 64 characters."));
        }

        if (request.Count is < 1 or > 100)
        {
            errors.Add(new FieldError("count", "Must be between 1 and 100."));
        }

        if (request.Slot == "product_page" && string.IsNullOrWhiteSpace(request.CurrentItemId))
        {
            errors.Add(new FieldError("currentItemId", "Required for the product_page slot."));
        }

        Context(request.Context, errors);
        Throw(errors);
    }

    public static void ThrowIfInvalid(ExperienceRequest? request)
    {
        var errors = new List<FieldError>();
        if (request is null)
        {
            throw new DecisionValidationException([new FieldError("body", "A request body is required.")]);
        }

        if (string.IsNullOrWhiteSpace(request.Page) || request.Page.Length > 64)
        {
            errors.Add(new FieldError("page", "Required, at most 64 characters."));
        }

        if (request.MaxBlocks is < 1 or > 20)
        {
            errors.Add(new FieldError("maxBlocks", "Must be between 1 and 20."));
        }

        if (request.MaxOffers is < 0 or > 10)
        {
            errors.Add(new FieldError("maxOffers", "Must be between 0 and 10."));
        }

        Context(request.Context, errors);
        Throw(errors);
    }

    public static void ThrowIfInvalid(OffersRequest? request)
    {
        var errors = new List<FieldError>();
        if (request is null)
        {
            throw new DecisionValidationException([new FieldError("body", "A request body is required.")]);
        }

        if (request.Max is < 1 or > 10)
        {
            errors.Add(new FieldError("max", "Must be between 1 and 10."));
        }

        Context(request.Context, errors);
        Throw(errors);
    }

    private static void Context(DecisionContext? context, List<FieldError> errors)
    {
        if (context?.LocalHour is < 0 or > 23)
        {
            errors.Add(new FieldError("context.localHour", "Must be between 0 and 23."));
        }

        if (context?.CartItemIds is { Count: > 200 })
        {
            errors.Add(new FieldError("context.cartItemIds", "At most 200 items."));
        }

        foreach (var (name, value) in new[] { ("device", context?.Device), ("channel", context?.Channel), ("language", context?.Language), ("country", context?.Country) })
        {
            if (value is { Length: > 64 })
            {
                errors.Add(new FieldError($"context.{name}", "At most 64 characters."));
            }
        }
    }

    private static void Throw(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new DecisionValidationException(errors);
        }
    }
}

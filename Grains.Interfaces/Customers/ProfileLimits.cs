namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Size limits of profile data, shared by the gateway's validation and the grain.</summary>
public static class ProfileLimits
{
    public const int MaxCustomerIdLength = 128;
    public const int MaxEventsPerBatch = 500;
    public const int MaxItemIdLength = 128;
    public const int MaxCategoriesPerEvent = 10;
    public const int MaxNameLength = 64;
    public const int MaxQueryLength = 256;
    public const decimal MaxValue = 10_000_000m;
    public const int MaxQuantity = 9_999;
    public const int MaxListEntries = 50;
    public const int MaxCustomEntries = 32;
    public const int MaxCustomKeyLength = 64;
    public const int MaxCustomValueLength = 256;
    public const int MaxCustomTotalChars = 4_096;
    public const int MaxReferrerLength = 512;
    public const int MaxAliases = 20;

    /// <summary>Channels a customer may accept offers on.</summary>
    public static readonly IReadOnlyList<string> Channels = ["email", "sms", "push", "in_app", "web"];

    /// <summary>True when <paramref name="id"/> is 1–128 chars of <c>[A-Za-z0-9._:@-]</c>.</summary>
    public static bool IsValidCustomerId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxCustomerIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '@' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}

namespace PersoActors.Grains.Interfaces.Customers;

/// <summary>Kinds of behaviour a site reports. On the wire they are snake_case (<c>add_to_cart</c>).</summary>
[GenerateSerializer]
public enum EventType : byte
{
    View,
    Click,
    Search,
    AddToCart,
    RemoveFromCart,
    Purchase,
    EmailOpen,
    Custom,
}

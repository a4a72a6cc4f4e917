using System.Collections.Concurrent;
using PersoActors.LoadTest.Simulation;

namespace PersoActors.LoadTest.Check;

/// <summary>
/// Per simulated customer, the events the gateway acknowledged as stored: the total, and the latest
/// <c>keepPerCustomer</c> of them (the profile only keeps a bounded ring of recent events, so only the
/// tail can be read back).
/// </summary>
public sealed class AckLedger(int keepPerCustomer)
{
    private readonly ConcurrentDictionary<string, CustomerLedger> _customers = new(StringComparer.Ordinal);

    public int KeepPerCustomer { get; } = keepPerCustomer;

    public int CustomerCount => _customers.Count;

    public void Acknowledge(string customerId, IReadOnlyList<SimulatedEvent> events) => Get(customerId).Add(events, KeepPerCustomer);

    /// <summary>The gateway purged this customer's behaviour (acknowledged analytics revocation).</summary>
    public void Purge(string customerId) => Get(customerId).Clear();

    /// <summary>The gateway stored part of a batch without saying which part: this customer cannot be checked.</summary>
    public void MarkUnverifiable(string customerId) => Get(customerId).MarkUnverifiable();

    /// <summary>Customers with at least one acknowledged event that can be verified.</summary>
    public IReadOnlyList<LedgerEntry> Entries() => _customers
        .Select(kv => kv.Value.ToEntry(kv.Key))
        .Where(e => e is { Verifiable: true, Total: > 0 })
        .OrderBy(e => e.CustomerId, StringComparer.Ordinal)
        .ToArray();

    private CustomerLedger Get(string customerId) => _customers.GetOrAdd(customerId, static _ => new CustomerLedger());

    private sealed class CustomerLedger
    {
        private readonly Queue<SimulatedEvent> _tail = new();
        private long _total;
        private bool _unverifiable;

        public void Add(IReadOnlyList<SimulatedEvent> events, int keep)
        {
            lock (_tail)
            {
                foreach (var e in events)
                {
                    _tail.Enqueue(e);
                    if (_tail.Count > keep)
                    {
                        _tail.Dequeue();
                    }
                }

                _total += events.Count;
            }
        }

        public void Clear()
        {
            lock (_tail)
            {
                _tail.Clear();
                _total = 0;
            }
        }

        public void MarkUnverifiable()
        {
            lock (_tail)
            {
                _unverifiable = true;
            }
        }

        public LedgerEntry ToEntry(string customerId)
        {
            lock (_tail)
            {
                return new LedgerEntry(customerId, _total, [.. _tail], !_unverifiable);
            }
        }
    }
}

/// <summary>One customer's acknowledged events: the total and the latest ones.</summary>
public sealed record LedgerEntry(string CustomerId, long Total, IReadOnlyList<SimulatedEvent> Latest, bool Verifiable);

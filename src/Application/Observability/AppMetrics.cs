using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Son1kVers3.Application.Observability;

/// <summary>
/// The server's own metrics, on the meter "Son1kVers3" (exported at /metrics as
/// <c>son1kvers3_*</c>). One place names every instrument and its tags, so the series stay
/// consistent; the layers call the methods where the thing happens.
/// </summary>
public sealed class AppMetrics
{
    public const string MeterName = "Son1kVers3";

    private readonly Counter<long> _operations;
    private readonly Histogram<double> _operationDuration;
    private readonly UpDownCounter<long> _openWebSockets;
    private readonly UpDownCounter<long> _activeSubscriptions;
    private readonly Counter<long> _eventsPublished;
    private readonly Counter<long> _generationTransitions;
    private readonly Histogram<double> _providerDuration;
    private readonly Counter<long> _leasesRenewed;
    private readonly Counter<long> _leasesLost;
    private readonly Counter<long> _claims;
    private readonly Gauge<long> _poolRemaining;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Counter<long> _webhookEvents;

    public AppMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _operations = meter.CreateCounter<long>("son1kvers3.graphql.operations", "{operation}", "GraphQL operations by name, type and outcome (ok, error, rejected)");
        _operationDuration = meter.CreateHistogram<double>("son1kvers3.graphql.operation.duration", "s", "How long GraphQL operations took, by name, type and outcome");
        _openWebSockets = meter.CreateUpDownCounter<long>("son1kvers3.websockets.open", "{socket}", "Open graphql-transport-ws sockets");
        _activeSubscriptions = meter.CreateUpDownCounter<long>("son1kvers3.subscriptions.active", "{subscription}", "Subscriptions streaming events");
        _eventsPublished = meter.CreateCounter<long>("son1kvers3.events.published", "{event}", "Events published to the backplane, by topic (dropped ones: son1kvers3_backplane_events_dropped)");
        _generationTransitions = meter.CreateCounter<long>("son1kvers3.generations.transitions", "{generation}", "Generations that reached a state, by state");
        _providerDuration = meter.CreateHistogram<double>("son1kvers3.provider.call.duration", "s", "Music provider calls, by call (submit, status) and result");
        _leasesRenewed = meter.CreateCounter<long>("son1kvers3.generation.leases.renewed", "{lease}", "Generation job leases renewed by this instance's heartbeat");
        _leasesLost = meter.CreateCounter<long>("son1kvers3.generation.leases.lost", "{lease}", "Generation job leases this instance found taken over or ended (nothing written)");
        _claims = meter.CreateCounter<long>("son1kvers3.generation.claims", "{claim}", "Claims of due generation jobs this instance's worker sent to PostgreSQL (each a transaction)");
        _poolRemaining = meter.CreateGauge<long>("son1kvers3.pool.remaining", "{token}", "Tokens left in today's pool, by bucket, as last read");
        _rateLimitRejections = meter.CreateCounter<long>("son1kvers3.ratelimit.rejections", "{request}", "Requests refused by a rate limit, by policy");
        _webhookEvents = meter.CreateCounter<long>("son1kvers3.webhook.events", "{event}", "Payment webhook events by type and outcome");
    }

    public void OperationEnded(string name, string type, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "operation", name }, { "type", type }, { "outcome", outcome } };
        _operations.Add(1, tags);
        _operationDuration.Record(duration.TotalSeconds, tags);
    }

    public void WebSocketOpened() => _openWebSockets.Add(1);

    public void WebSocketClosed() => _openWebSockets.Add(-1);

    public void SubscriptionStarted() => _activeSubscriptions.Add(1);

    public void SubscriptionEnded() => _activeSubscriptions.Add(-1);

    public void EventPublished(string topic) => _eventsPublished.Add(1, new KeyValuePair<string, object?>("topic", topic));

    public void GenerationReached(string state) => _generationTransitions.Add(1, new KeyValuePair<string, object?>("state", state));

    public void ProviderCalled(string call, string result, TimeSpan duration) =>
        _providerDuration.Record(duration.TotalSeconds, new TagList { { "call", call }, { "result", result } });

    public void LeasesRenewed(int count) => _leasesRenewed.Add(count);

    public void LeasesLost(int count) => _leasesLost.Add(count);

    public void JobsClaimed() => _claims.Add(1);

    public void PoolRemaining(string bucket, long tokens) => _poolRemaining.Record(tokens, new KeyValuePair<string, object?>("bucket", bucket));

    public void RateLimited(string policy) => _rateLimitRejections.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void WebhookEvent(string type, string outcome) =>
        _webhookEvents.Add(1, new TagList { { "type", type }, { "outcome", outcome } });
}

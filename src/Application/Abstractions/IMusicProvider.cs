using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Abstractions;

/// <summary>
/// The music provider (Suno's task API, or the embedded simulator). It speaks only of music: how
/// the provider reports back (a callback URL, its secret) is the adapter's own setting.
/// </summary>
public interface IMusicProvider
{
    Task<SubmitResult> SubmitAsync(GenerationRequest request, CancellationToken cancellationToken);

    Task<PollResult> GetStatusAsync(string taskId, CancellationToken cancellationToken);
}

public abstract record SubmitResult
{
    /// <summary>The provider took the task.</summary>
    public sealed record Accepted(string TaskId) : SubmitResult;

    /// <summary>The provider refused it for good (bad request, bad key, out of credits): fail and give back.</summary>
    public sealed record Refused(string Reason) : SubmitResult;

    /// <summary>Not accepted, and safe to send again later (rate limited, maintenance).</summary>
    public sealed record TryLater(string Reason) : SubmitResult;

    /// <summary>Sent, but no answer: it may or may not have been accepted. Never resend.</summary>
    public sealed record Unknown(string Reason) : SubmitResult;
}

public abstract record PollResult
{
    public sealed record Report(ProviderUpdate Update) : PollResult;

    /// <summary>No usable answer this time (5xx, not JSON, timeout): ask again later.</summary>
    public sealed record KeepPolling(string Reason) : PollResult;
}

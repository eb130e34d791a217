using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Common;

/// <summary>How long a request waits for another one's turn (never holding a database connection meanwhile).</summary>
public static class Contention
{
    /// <summary>The longest wait before answering the retryable <see cref="ErrorCodes.Busy"/>.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(1500);

    public static Error Busy(string what) => new(ErrorCodes.Busy, $"{what} Try again in a moment.");
}

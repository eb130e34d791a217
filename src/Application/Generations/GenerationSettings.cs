using Son1kVers3.Application.Common;

namespace Son1kVers3.Application.Generations;

/// <summary>
/// How the worker paces a generation (SUNO.md: poll every 5–10 s with backoff, give up after 10
/// minutes). A worker renews the lease of every job in hand every <see cref="LeaseRenewal"/>; the
/// lease itself is how long after a crash another instance takes the job over.
/// </summary>
public sealed record GenerationSettings(
    TimeSpan FirstPoll,
    TimeSpan PollInterval,
    TimeSpan MaxPollInterval,
    TimeSpan HardLimit,
    int MaxSubmitAttempts,
    TimeSpan Lease,
    TimeSpan LeaseRenewal)
{
    public static GenerationSettings Read(SettingsReader settings)
    {
        var lease = TimeSpan.FromSeconds(settings.Int("GENERATION_LEASE_SECONDS", 60, min: 1, max: 3600));
        var renewal = TimeSpan.FromMilliseconds(settings.Int("GENERATION_LEASE_RENEW_MS", (int)(lease.TotalMilliseconds / 3), min: 100, max: 3_600_000));
        if (renewal * 2 > lease)
        {
            settings.Fail("GENERATION_LEASE_RENEW_MS", $"must be at most half of GENERATION_LEASE_SECONDS ({lease.TotalMilliseconds:0} ms), so a live worker renews its leases well before they run out; got {renewal.TotalMilliseconds:0}");
        }

        return new GenerationSettings(
            TimeSpan.FromMilliseconds(settings.Int("GENERATION_FIRST_POLL_MS", 5000, min: 10)),
            TimeSpan.FromMilliseconds(settings.Int("GENERATION_POLL_INTERVAL_MS", 5000, min: 10)),
            TimeSpan.FromMilliseconds(settings.Int("GENERATION_MAX_POLL_INTERVAL_MS", 10000, min: 10)),
            TimeSpan.FromSeconds(settings.Int("GENERATION_HARD_LIMIT_SECONDS", 600, min: 1)),
            settings.Int("GENERATION_MAX_SUBMIT_ATTEMPTS", 5, min: 1, max: 50),
            lease,
            renewal);
    }

    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxPollInterval.TotalMilliseconds, PollInterval.TotalMilliseconds * Math.Pow(1.5, attempts)));
}

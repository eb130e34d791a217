using Microsoft.Extensions.Configuration;
using Son1kVers3.Application.Common;
using Son1kVers3.Application.Generations;
using Son1kVers3.Infrastructure.Jobs;

namespace Son1kVers3.Integration.Tests.Hosting;

/// <summary>The generation worker's settings: a bad value stops the server at start, naming the variable.</summary>
public class WorkerSettingsTests
{
    private static SettingsReader Reader(params (string Key, string Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Theory]
    [InlineData("GENERATION_WORKER_BATCH", "0", "GENERATION_WORKER_BATCH must be a whole number from 1 to 1000; got '0'")]
    [InlineData("GENERATION_WORKER_PARALLELISM", "many", "GENERATION_WORKER_PARALLELISM must be a whole number from 1 to 256; got 'many'")]
    [InlineData("GENERATION_WORKER_IDLE_MS", "5", "GENERATION_WORKER_IDLE_MS must be a whole number from 10 to 60000; got '5'")]
    public void ABadWorkerSetting_IsNamed_WithItsRange(string key, string value, string expected)
    {
        var settings = Reader((key, value));
        WorkerSettings.Read(settings);

        Assert.Equal(expected, Assert.Single(settings.Errors));
    }

    [Theory]
    [InlineData("4", "2001", "GENERATION_LEASE_RENEW_MS must be at most half of GENERATION_LEASE_SECONDS (4000 ms)")]
    [InlineData("60", "50", "GENERATION_LEASE_RENEW_MS must be a whole number from 100")]
    [InlineData("0", "", "GENERATION_LEASE_SECONDS must be a whole number from 1 to 3600; got '0'")]
    public void ALeaseRenewalThatCouldNotKeepTheLease_IsRefused(string leaseSeconds, string renewMs, string expected)
    {
        var settings = Reader(("GENERATION_LEASE_SECONDS", leaseSeconds), ("GENERATION_LEASE_RENEW_MS", renewMs));
        GenerationSettings.Read(settings);

        Assert.StartsWith(expected, Assert.Single(settings.Errors));
    }

    [Fact]
    public void TheHeartbeat_DefaultsToAThirdOfTheLease()
    {
        var settings = Reader(("GENERATION_LEASE_SECONDS", "6"));
        var generation = GenerationSettings.Read(settings);

        Assert.Empty(settings.Errors);
        Assert.Equal(TimeSpan.FromSeconds(2), generation.LeaseRenewal);
    }
}

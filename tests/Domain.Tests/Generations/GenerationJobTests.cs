using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Domain.Tests.Generations;

public class GenerationJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AClaimedJob_ScheduledForTheSameStep_CountsAnAttempt_AndItsLeaseEnds()
    {
        var job = GenerationJob.Claimed(Guid.NewGuid(), JobStep.Poll, attempts: 2, leaseToken: Guid.NewGuid());
        Assert.False(job.IsScheduled);

        job.Schedule(JobStep.Poll, Now);

        Assert.Equal(3, job.Attempts);
        Assert.Equal(Now, job.DueAt);
        Assert.True(job.IsScheduled);
        Assert.Null(job.LeaseToken);
        Assert.Null(job.LeaseUntil);
    }

    [Fact]
    public void AJobClaimedMidSubmit_RetriedAsSubmit_CountsAnAttempt_AndAnotherStepStartsAtZero()
    {
        var retried = GenerationJob.Claimed(Guid.NewGuid(), JobStep.Submitting, attempts: 1, leaseToken: Guid.NewGuid());
        retried.Schedule(JobStep.Submit, Now);
        var polled = GenerationJob.Claimed(Guid.NewGuid(), JobStep.Submitting, attempts: 1, leaseToken: Guid.NewGuid());
        polled.Schedule(JobStep.Poll, Now);

        Assert.Equal((JobStep.Submit, 2), (retried.Step, retried.Attempts));
        Assert.Equal((JobStep.Poll, 0), (polled.Step, polled.Attempts));
    }
}

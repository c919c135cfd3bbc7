using Polly;
using Polly.Retry;
using TaskRunner.Execution.Events;
using TaskRunner.Execution.Ports;
using TaskRunner.Execution.Results;
using TaskRunner.Execution.Scheduling;
using TaskRunner.Tasks.Planning;

namespace TaskRunner.Execution.Steps.Push;

/// <summary>
/// A push step: each image pushed through the engine with the registry's credentials, in up to 3 attempts with
/// backoff. With --platform-engine, each image goes from the engine whose build step made it (<paramref name="platformContexts"/>
/// by engine name; see <see cref="Run.EngineAssignment"/>), the others from the default engine.
/// </summary>
public sealed class PushStepAction(StepContext context, IReadOnlyDictionary<string, StepContext>? platformContexts = null) : IStepAction
{
    public const int Attempts = 3;

    public string Describe(PlannedStep step) => "push " + string.Join(", ", step.PushImages);

    public async Task RunAsync(PlannedStep step, StepAttempt attempt, CancellationToken cancellationToken)
    {
        foreach (var image in step.PushImages)
        {
            var engineName = context.Ports.Assignment.PushEngineOf(step.Id, image);
            var engine = engineName is not null && platformContexts?.GetValueOrDefault(engineName) is { } onEngine ? onEngine.Engine : context.Engine;
            var auth = await context.CredentialsForImageAsync(image, cancellationToken).ConfigureAwait(false);
            var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Attempts - 1,
                Delay = context.Options.PushRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder().Handle<EngineException>(),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception?.Message ?? "push failed";
                    context.Observer.OnEvent(new StepRetrying(step.Id, args.AttemptNumber + 2, Attempts, args.RetryDelay, $"push of {image}: {reason}"));
                    return default;
                },
            }).Build();
            string? digest;
            try
            {
                attempt.Output($"Pushing image: {image}" + (engineName is null ? "" : $" (from engine {engineName})"), false);
                digest = await pipeline.ExecuteAsync(
                    async ct => await engine.PushImageAsync(image, auth, l => attempt.Output(l.Text, false, l.Continues), ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (EngineException e)
            {
                throw new StepFailedException($"push of {image} failed after {Attempts} attempts: {e.Message}", e);
            }
            attempt.Output($"Successfully pushed image: {image}" + (digest is null ? "" : $" ({digest})"), false);
            context.Ledger.AddPushed(new PushedImage(step.Id, image, digest));
            context.Observer.OnEvent(new ImagePushed(step.Id, image, digest));
        }
    }
}

namespace Bridgehead.Routing.Media;

/// <summary>
/// Runs the work of one exchange in arrival order: a 183 whose answer is still at the relay must
/// not be overtaken by the 180 or 200 behind it. Work runs inline when nothing is queued, so an
/// in-process relay that answers at once costs no thread hop; queued work runs on the thread that
/// finished the work before it (sends do not block).
/// </summary>
internal sealed class SerialQueue
{
    private readonly Lock _lock = new();
    private Task _tail = Task.CompletedTask;

    public Task Enqueue(Func<Task> work)
    {
        var done = new TaskCompletionSource();
        Task previous;
        lock (_lock)
        {
            previous = _tail;
            _tail = done.Task;
        }

        return previous.IsCompleted
            ? RunAsync(work, done)
            : previous.ContinueWith(_ => RunAsync(work, done), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    private static async Task RunAsync(Func<Task> work, TaskCompletionSource done)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            done.SetResult();
        }
    }
}

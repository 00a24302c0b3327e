using Microsoft.AspNetCore.Builder;

namespace Bridgehead.Sip.Transport.Hosting;

/// <summary>
/// With <see cref="SipTransportOptions.InlineSocketScheduling"/> Kestrel runs request handling on
/// the socket engine's thread, which is right for SIP (it never blocks) but not for HTTP: the
/// management API and the dashboard read and write SQLite synchronously and serialise every
/// binding, tens of milliseconds at 10,000 users, during which every SIP connection on that
/// engine would wait. HTTP requests therefore continue on the thread pool.
/// </summary>
public static class HttpOffSocketThread
{
    public static IApplicationBuilder UseThreadPoolForHttp(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(static async (context, next) =>
        {
            await Task.Yield(); // no synchronisation context: the rest runs on a pool thread
            await next(context).ConfigureAwait(false);
        });
    }
}

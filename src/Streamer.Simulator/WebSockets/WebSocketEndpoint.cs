using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Streamer.Simulator.WebSockets;

/// <summary>Accepts a WebSocket on one of the routes and runs it as a <see cref="Connection"/>.</summary>
internal sealed class WebSocketEndpoint
{
    private readonly ConnectionHub _hub;

    public WebSocketEndpoint(ConnectionHub hub) => _hub = hub;

    public async Task HandleAsync(HttpContext context, Route route, bool combined, string rawStreams)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket upgrade expected on this path.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var list = combined ? context.Request.Query["streams"].ToString() : rawStreams;
        var names = list.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var rules = ConnectionRules.For(route, _hub.Options);
        if (names.Length > rules.MaxStreams)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $"{{\"code\":-1,\"msg\":\"Too many streams: at most {rules.MaxStreams} per connection.\"}}",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // .NET 9+ sends the pings itself and aborts the socket when no pong arrives in time.
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = rules.PingInterval,
            KeepAliveTimeout = rules.PongTimeout,
        }).ConfigureAwait(false);

        using var connection = new Connection(_hub, context, socket, route, combined);
        _hub.Add(connection);
        try
        {
            await connection.RunAsync(names, _hub.Stopping).ConfigureAwait(false);
        }
        finally
        {
            connection.DetachAll();
            _hub.Remove(connection);
        }
    }
}

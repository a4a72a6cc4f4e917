namespace PersoActors.Gateway.Http;

/// <summary>Answers <c>HEAD</c> wherever <c>GET</c> is answered — the same status and headers without the body, as
/// RFC 9110 (9.3.2) asks of every server; minimal APIs map <c>GET</c> only, so a monitor or cache probing a profile with
/// <c>HEAD</c> got <c>405</c>.</summary>
public static class HeadRequests
{
    /// <summary>Routes a <c>HEAD</c> request as the <c>GET</c> it stands for; call first, as it also places routing.
    /// Kestrel still sends no body: it goes by the request line, which said <c>HEAD</c>.</summary>
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
            }

            return next(context);
        });
        app.UseRouting();
        return app;
    }
}

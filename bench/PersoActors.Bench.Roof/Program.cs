// The roof: bare Kestrel answering "hello" to any method and path, so the benchmark drives it with exactly
// the requests (and bodies) it sends to the systems under test. Nothing faster can be built on this stack.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Logging.ClearProviders();
var app = builder.Build();
app.Map("/{**path}", static () => "hello");
app.Run();

using Syncer.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSyncer(builder.Configuration);

var app = builder.Build();
app.MapSyncerEndpoints();
await app.RunAsync();

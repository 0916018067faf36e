using System.Text.Json.Serialization;

namespace Streamer.Supervisor.Metrics;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class MetricsJson : JsonSerializerContext;

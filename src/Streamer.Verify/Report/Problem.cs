namespace Streamer.Verify.Report;

/// <summary>One finding about a file that is not a gap, duplicate or depth break (those have their own records).</summary>
/// <param name="Severity">Whether it fails the run.</param>
/// <param name="Kind">Short machine-readable kind: <c>header</c>, <c>columns</c>, <c>number</c>, <c>torn</c>, ...</param>
/// <param name="Message">What is wrong, in a sentence.</param>
/// <param name="At">Where, when it is one place.</param>
internal sealed record Problem(Severity Severity, string Kind, string Message, FileLine? At);

using NUnit.Framework;

namespace Streamer.Core.Tests;

public class SmokeTests
{
    [Test]
    public void Runs() => Assert.That(1 + 1, Is.EqualTo(2));
}

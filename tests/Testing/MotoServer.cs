using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.S3;

namespace KopsPlatform.Tests.Testing;

/// <summary>
/// A moto server (an AWS API emulator) on a free loopback port, for the tests of the <see cref="AwsEmulator"/>
/// collection: started once for the collection, stopped by its PID when the collection is done, when it fails to
/// start, and when the test process exits. Without moto (see <see cref="Unavailable"/>) nothing starts, and the
/// <see cref="MotoFactAttribute"/> tests are skipped.
/// </summary>
public sealed class MotoServer : IDisposable
{
    /// <summary>The Python interpreter that has moto (a virtualenv's <c>bin/python</c>); <c>python3</c> when unset.</summary>
    public const string PythonVariable = "MOTO_PYTHON";

    public const string Region = "us-east-1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string?> Probe = new(ProbeMoto);

    private readonly Process? _process;
    private readonly StringBuilder _log = new();
    private readonly Uri? _endpoint;

    public MotoServer()
    {
        if (Unavailable is not null)
        {
            return;
        }

        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { "-m", "moto.server", "-H", IPAddress.Loopback.ToString(), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} -m moto.server did not start.");
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
        _endpoint = new Uri($"http://{IPAddress.Loopback}:{port}/");
        try
        {
            WaitUntilItAnswers();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Why moto can't run here, or null when it can.</summary>
    public static string? Unavailable => Probe.Value;

    public static string Python => Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } python ? python : "python3";

    public Uri Endpoint => _endpoint ?? throw new InvalidOperationException(Unavailable);

    /// <summary>The server's process id, while it runs.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException(Unavailable);

    public AmazonEC2Client Ec2() => new(Credentials, new AmazonEC2Config { ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });

    public AmazonS3Client S3() =>
        new(Credentials, new AmazonS3Config { ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region, ForcePathStyle = true });

    /// <summary>Forgets every resource, so that each test starts from an empty account.</summary>
    public async Task ResetAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsync(new Uri(Endpoint, "moto-api/reset"), content: null);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        if (_process is null)
        {
            return;
        }

        Stop(_process.Id);
        _process.Dispose();
    }

    private static BasicAWSCredentials Credentials => new("test", "test");

    private void WaitUntilItAnswers()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                _process.WaitForExit(); // lets the last of its output arrive
                throw new InvalidOperationException($"moto exited with code {_process.ExitCode} before it answered:\n{Log()}");
            }

            try
            {
                using var response = http.GetAsync(new Uri(Endpoint, "moto-api/")).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, not answering yet.
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"moto did not answer on {Endpoint} within {StartTimeout.TotalSeconds} s:\n{Log()}");
            }

            Thread.Sleep(100);
        }
    }

    private void StopOnExit(object? sender, EventArgs e)
    {
        if (_process is not null)
        {
            Stop(_process.Id);
        }
    }

    /// <summary>Kills the server, found by its PID, with anything it started; a server that already exited is left be.</summary>
    private static void Stop(int pid)
    {
        try
        {
            using var server = Process.GetProcessById(pid);
            server.Kill(entireProcessTree: true);
            server.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // No process with that id: it has exited already.
        }
        catch (InvalidOperationException)
        {
            // It exited between the lookup and the kill.
        }
    }

    /// <summary>The server's last lines of output, for the message of a failed start.</summary>
    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length > 64 * 1024)
            {
                _log.Remove(0, _log.Length / 2);
            }

            _log.AppendLine(line);
        }
    }

    /// <summary>A port nothing listens on right now: the one the system gives a listener on port 0.</summary>
    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static string? ProbeMoto()
    {
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { "-c", "import moto, moto.server; print(moto.__version__)" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var probe = Process.Start(start)!;
            var error = probe.StandardError.ReadToEndAsync();
            _ = probe.StandardOutput.ReadToEnd();
            if (!probe.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                probe.Kill(entireProcessTree: true);
                return $"{Python} took over 30 s to import moto.";
            }

            return probe.ExitCode == 0
                ? null
                : $"{Python} can't import moto.server ({LastLine(error.GetAwaiter().GetResult())}): install moto[server] 5.x for it, or set {PythonVariable} to a Python that has it.";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Python} can't be run ({e.Message}): set {PythonVariable} to a Python that has moto[server] 5.x.";
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";
}

/// <summary>The tests that deploy to a moto server: one collection, sharing one server (see <see cref="MotoServer"/>).</summary>
/// <remarks>
/// It runs on its own, after the collections that run in parallel: its tests share PULUMI_CONFIG with the
/// <see cref="PulumiEngine"/> collection (<see cref="PulumiRun"/>'s lock would keep them apart), and the moto server's
/// load would skew the tests that time concurrent work.
/// </remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AwsEmulator : ICollectionFixture<MotoServer>
{
    public const string Name = "AWS API emulator";
}

/// <summary>A test that needs moto: skipped, with the reason, where moto can't be imported.</summary>
public sealed class MotoFactAttribute : FactAttribute
{
    public MotoFactAttribute()
    {
        if (MotoServer.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging;

namespace TaskRunner.Execution.Adapters.Docker.Endpoints;

/// <summary>
/// Reaches an engine through ssh as the docker CLI does: each connection is an <c>ssh</c> process running
/// <c>docker system dial-stdio</c> on the far side (<c>docker --host=unix://SOCKET system dial-stdio</c> when the
/// address names a socket), whose standard input and output carry the HTTP connection; connections are kept and
/// reused. The user's ssh config, keys and agent apply; as the CLI, ssh runs with <c>-o ConnectTimeout=30 -T</c>.
/// </summary>
internal sealed class SshDialStdioTransport(SshTarget target) : IDockerHandlerFactory<SshTarget>
{
    /// <summary>The host name requests carry; ssh decides where they go.</summary>
    private static readonly Uri RequestBase = new("http://docker.example.com");

    public ResolvedTransport CreateHandler(ResolvedClientOptions clientOptions, ILogger logger) => CreateHandler(target, clientOptions, logger);

    public ResolvedTransport CreateHandler(SshTarget transportOptions, ResolvedClientOptions clientOptions, ILogger logger)
    {
        // .NET's own HTTP client keeps connections open and reuses them, as the CLI's does: one ssh per connection,
        // not per request. Idle connections (and their ssh) end after a while, and all of them with the client.
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = (_, _) => ValueTask.FromResult<Stream>(SshStream.Start(transportOptions)),
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        return new ResolvedTransport(handler, RequestBase);
    }

    /// <summary>Attach and exec streams: the response stream itself, as for Docker.DotNet's native HTTP transport.</summary>
    public Task<WriteClosableStream> HijackStreamAsync(HttpContent content) =>
        global::Docker.DotNet.NativeHttp.DockerHandlerFactory.Instance.HijackStreamAsync(content);

    /// <summary>The arguments of ssh for <paramref name="target"/>: <c>[-l USER] [-p PORT] -o ConnectTimeout=30 -T -- HOST COMMAND</c>.</summary>
    internal static IReadOnlyList<string> Arguments(SshTarget target)
    {
        var args = new List<string>();
        if (target.User is not null) args.AddRange(["-l", target.User]);
        if (target.Port is { } port) args.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["-o", "ConnectTimeout=30", "-T", "--", target.HostName]);
        string[] remote = target.SocketPath is null
            ? ["docker", "system", "dial-stdio"]
            : ["docker", "--host=unix://" + target.SocketPath, "system", "dial-stdio"];
        // The far side's shell reads the command: each word is quoted for a POSIX shell.
        args.Add(string.Join(' ', remote.Select(Quote)));
        return args;
    }

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:@%+,".Contains(c)) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>One connection: the ssh process's output to read, its input to write.</summary>
    private sealed class SshStream : WriteClosableStream
    {
        private const int MaxErrorText = 4000;
        private readonly Process _process;
        private readonly Stream _input;
        private readonly Stream _output;
        private readonly StringBuilder _errors = new();
        private readonly string _target;
        private readonly byte[] _pending = new byte[16 * 1024];
        private int _pendingOffset;
        private int _pendingCount;
        private bool _anyRead;
        private bool _disposed;

        private SshStream(Process process, string target)
        {
            _process = process;
            _target = target;
            _input = process.StandardInput.BaseStream;
            _output = process.StandardOutput.BaseStream;
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_errors) if (_errors.Length < MaxErrorText) _errors.AppendLine(e.Data);
            };
            process.BeginErrorReadLine();
        }

        public static SshStream Start(SshTarget target)
        {
            var start = new ProcessStartInfo("ssh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in Arguments(target)) start.ArgumentList.Add(arg);
            var name = (target.User is null ? "" : target.User + "@") + target.HostName + (target.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "");
            try
            {
                return new SshStream(Process.Start(start) ?? throw new IOException("ssh did not start"), name);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new IOException($"cannot run ssh to reach {name}: {e.Message} (is the OpenSSH client installed?)", e);
            }
        }

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override bool CanCloseWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void CloseWrite() => _input.Close();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_pendingCount > 0)
            {
                var n = Math.Min(buffer.Length, _pendingCount);
                _pending.AsMemory(_pendingOffset, n).CopyTo(buffer);
                _pendingOffset += n;
                _pendingCount -= n;
                return n;
            }
            if (buffer.Length == 0)
            {
                // A zero-byte read waits for data without taking it (the HTTP client's way to wait on an idle
                // connection); a pipe would answer at once, so the data is read ahead and kept.
                _pendingOffset = 0;
                _pendingCount = await ReadCoreAsync(_pending, cancellationToken).ConfigureAwait(false);
                return 0;
            }
            return await ReadCoreAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var read = await _output.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                _anyRead = true;
                return read;
            }
            // ssh ended before the engine said anything: its own error (refused, host key, auth, no docker) says why.
            if (!_anyRead) throw await SshFailureAsync(null, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        // A write to an ssh that has ended (refused, host key, auth) fails with a broken pipe, often before the read that
        // would report ssh's exit: what ssh said is waited for and reported instead, as the read does.
        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try { await _input.WriteAsync(buffer, cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when ((e is IOException or System.Net.Sockets.SocketException) && !_anyRead) { throw await SshFailureAsync(e, cancellationToken).ConfigureAwait(false); }
        }

        public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            try { await _input.FlushAsync(cancellationToken).ConfigureAwait(false); }
            catch (Exception e) when ((e is IOException or System.Net.Sockets.SocketException) && !_anyRead) { throw await SshFailureAsync(e, cancellationToken).ConfigureAwait(false); }
        }

        /// <summary>
        /// ssh ended (or its pipe broke) before the engine answered: waits for ssh's exit (at most 5 s) and all it wrote
        /// to stderr, and names its exit code and words.
        /// </summary>
        private async Task<SshEndedException> SshFailureAsync(Exception? cause, CancellationToken cancellationToken)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(5));
            // WaitForExitAsync also waits for the end of the redirected stderr, so every line ssh wrote is in _errors.
            try { await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            string errors;
            lock (_errors) errors = _errors.ToString().Trim();
            var code = _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "unknown";
            var said = errors.Length > 0 ? ": " + errors.ReplaceLineEndings(" ") : cause is not null ? $" ({cause.Message})" : "";
            return new SshEndedException($"ssh to {_target} ended with exit code {code} before the engine answered{said}", cause);
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                try { _input.Dispose(); } catch (IOException) { }
                try { _output.Dispose(); } catch (IOException) { }
                // The connection is done with: ssh (and dial-stdio on the far side, when its channel closes) ends now.
                try { if (!_process.HasExited) _process.Kill(); } catch (InvalidOperationException) { }
                _process.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

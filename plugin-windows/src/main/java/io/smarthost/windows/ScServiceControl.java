package io.smarthost.windows;

import io.smarthost.panel.api.services.CommandRunner;
import io.smarthost.panel.api.services.CommandRunner.Command;
import io.smarthost.panel.api.services.CommandRunner.Result;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@link ServiceControl} with the tools every Windows has: {@code sc.exe query} to look a service up,
 * {@code net.exe stop} / {@code net.exe start} to restart it ({@code net} waits until the service
 * reached its state, {@code sc stop} would return at once).
 */
public final class ScServiceControl implements ServiceControl {

    /** {@code sc query} exit code for "The specified service does not exist as an installed service". */
    static final int ERROR_SERVICE_DOES_NOT_EXIST = 1060;
    /** {@code net stop} exit code when the service was not started (that is fine before a start). */
    private static final Pattern NOT_STARTED = Pattern.compile("(?i)(not started|3521)");
    private static final Pattern RUNNING = Pattern.compile("(?m)^\\s*STATE\\s*:\\s*4\\s+RUNNING");
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,80}");

    private final CommandRunner runner;
    private final Duration timeout;

    public ScServiceControl(CommandRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    @Override
    public boolean exists(String serviceName) throws ServiceException {
        Result result = run(List.of("sc.exe", "query", checked(serviceName)));
        if (result.ok()) {
            return true;
        }
        if (result.exitCode() == ERROR_SERVICE_DOES_NOT_EXIST) {
            return false;
        }
        throw new ServiceException("sc.exe query " + serviceName + " failed (exit " + result.exitCode()
                + "): " + firstLine(result));
    }

    /** {@code sc.exe query NAME} prints {@code STATE : 4  RUNNING} for a running service. */
    @Override
    public boolean isRunning(String serviceName) throws ServiceException {
        Result result = run(List.of("sc.exe", "query", checked(serviceName)));
        if (!result.ok()) {
            if (result.exitCode() == ERROR_SERVICE_DOES_NOT_EXIST) {
                return false;
            }
            throw new ServiceException("sc.exe query " + serviceName + " failed (exit " + result.exitCode()
                    + "): " + firstLine(result));
        }
        return RUNNING.matcher(result.stdout()).find();
    }

    @Override
    public void restart(String serviceName) throws ServiceException {
        String name = checked(serviceName);
        Result stop = run(List.of("net.exe", "stop", name));
        if (!stop.ok() && !NOT_STARTED.matcher(stop.stdout() + stop.stderr()).find()) {
            throw new ServiceException("net stop " + name + " failed (exit " + stop.exitCode() + "): "
                    + firstLine(stop));
        }
        Result start = run(List.of("net.exe", "start", name));
        if (!start.ok()) {
            throw new ServiceException("net start " + name + " failed (exit " + start.exitCode() + "): "
                    + firstLine(start));
        }
    }

    private Result run(List<String> argv) throws ServiceException {
        try {
            Result result = runner.run(new Command(argv, null, timeout, null, null));
            if (result.timedOut()) {
                throw new ServiceException(String.join(" ", argv) + " did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return result;
        } catch (IOException e) {
            throw new ServiceException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static String checked(String serviceName) {
        if (serviceName == null || !SERVICE_NAME.matcher(serviceName).matches()) {
            throw new IllegalArgumentException("service name must be 1-80 letters, digits, '_', '.', '-'");
        }
        return serviceName;
    }

    private static String firstLine(Result result) {
        String text = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}

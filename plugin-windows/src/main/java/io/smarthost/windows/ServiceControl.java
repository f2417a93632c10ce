package io.smarthost.windows;

/**
 * Windows services: whether one is installed, and restarting it. A port so that backends are tested
 * with an in-memory fake; {@link ScServiceControl} is the real one.
 */
public interface ServiceControl {

    /** Whether a service with this (short) name is installed. */
    boolean exists(String serviceName) throws ServiceException;

    /** Whether the service is installed and running now (after a restart: whether it came back). */
    boolean isRunning(String serviceName) throws ServiceException;

    /** Stops the service (if running) and starts it again, waiting until it runs. */
    void restart(String serviceName) throws ServiceException;

    /** A service could not be queried or restarted. The message never contains a secret. */
    class ServiceException extends Exception {
        public ServiceException(String message) {
            super(message);
        }

        public ServiceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

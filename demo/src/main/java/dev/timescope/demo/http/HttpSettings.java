package dev.timescope.demo.http;

/**
 * What the main process hands every worker of the HTTP service (as JSON).
 *
 * @param port the port every worker serves
 * @param sharedPort whether the workers can share the port (SO_REUSEPORT); if not, worker 0 accepts alone
 * @param statsDir where each worker writes how many connections it accepted and answered, or null
 */
public record HttpSettings(int port, boolean sharedPort, String statsDir) {
}

package io.tributary.governance.events;

/**
 * A daemon thread that polls until stopped. Stopping waits for the current poll to notice, and interrupts only a
 * thread stuck longer than that.
 */
public abstract class PollingThread {

    protected volatile boolean running;
    private final String name;
    private Thread thread;

    protected PollingThread(String name) {
        this.name = name;
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(3000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs on the thread; returns once {@link #running} is false. */
    protected abstract void loop();
}

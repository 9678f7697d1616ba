package dev.timescope.junit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * The dashboard of a failing test's kept recording, written beside it when {@code timescope-dashboard} is on the
 * test class path. The extension does not depend on the dashboard (it would bring Jackson into every test run);
 * it calls the dashboard's public {@code Dashboard.writeHtml} when the test's class loader can see it.
 */
final class FailureDashboard {

    static final String DASHBOARD = "dev.timescope.dashboard.Dashboard";

    private FailureDashboard() {
    }

    /**
     * Writes the dashboard of {@code recording} beside it, if the dashboard is on the class path.
     *
     * @param recording the recording just written
     * @param loader where to look for the dashboard: the test's class loader
     * @return the end of the failure's note: where the dashboard is, why there is none, or how to get one
     */
    static String writeBeside(Path recording, ClassLoader loader) {
        Class<?> dashboard;
        try {
            dashboard = Class.forName(DASHBOARD, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "; for its dashboard, add dev.timescope:timescope-dashboard to the test class path, or run"
                    + " java -jar timescope-dashboard.jar " + recording.toAbsolutePath();
        }
        try {
            Method htmlPathFor = dashboard.getMethod("htmlPathFor", Path.class);
            Method writeHtml = dashboard.getMethod("writeHtml", Path.class, Path.class);
            Path html = (Path) writeHtml.invoke(null, recording, htmlPathFor.invoke(null, recording));
            return ", its dashboard " + html.toAbsolutePath();
        } catch (InvocationTargetException e) {
            return "; its dashboard could not be written: " + e.getCause().getMessage();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "; its dashboard could not be written: this timescope-dashboard does not match the extension ("
                    + e + ")";
        }
    }
}

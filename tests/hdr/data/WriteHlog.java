// Writes a .hlog with the reference HdrHistogram (Java) for tst_hdrlog, and prints what it recorded.
// Usage: java -cp hdrhistogram.jar:. WriteHlog OUT.hlog
// Values follow the same formula as tst_hdrlog.cpp, so the test can rebuild identical histograms.
import java.io.File;
import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

public class WriteHlog {
    static long value(int interval, long i) {
        return 1 + (i * 7919 + interval * 104729L) % (1000000L * (interval + 1));
    }

    public static void main(String[] args) throws Exception {
        long start = 1700000000000L;
        HistogramLogWriter writer = new HistogramLogWriter(new File(args[0]));
        writer.outputLogFormatVersion();
        writer.outputStartTime(start);
        writer.setBaseTime(start);
        writer.outputBaseTime(start);
        writer.outputLegend();
        PrintStream out = System.out;
        for (int interval = 0; interval < 3; interval++) {
            Histogram h = new Histogram(1, 3600L * 1000 * 1000, 3);
            long n = 20000 + interval * 5000L;
            for (long i = 0; i < n; i++)
                h.recordValue(value(interval, i));
            h.setStartTimeStamp(start + interval * 1000L);
            h.setEndTimeStamp(start + interval * 1000L + 1000L);
            if (interval == 1)
                h.setTag("GET_home");
            writer.outputIntervalHistogram(h);
            out.printf(Locale.US, "%d %s %d %d %d %d %d %d %.6f%n", interval, interval == 1 ? "GET_home" : "-",
                    h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.99), h.getMinValue(), h.getMaxValue(), h.getMean());
        }
        // A different layout (unit 1000, 4 digits) to check bucket compatibility beyond the default.
        Histogram wide = new Histogram(1000, 3600L * 1000 * 1000 * 1000, 4);
        for (long i = 0; i < 10000; i++)
            wide.recordValue(1000 + i * i * 37);
        wide.setStartTimeStamp(start + 3000L);
        wide.setEndTimeStamp(start + 4000L);
        wide.setTag("wide");
        writer.outputIntervalHistogram(wide);
        out.printf(Locale.US, "3 wide %d %d %d %d %d %d %.6f%n", wide.getTotalCount(), wide.getValueAtPercentile(50),
                wide.getValueAtPercentile(99), wide.getValueAtPercentile(99.99), wide.getMinValue(),
                wide.getMaxValue(), wide.getMean());
        writer.close();
    }
}

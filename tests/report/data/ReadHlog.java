// Reads a .hlog with the reference HdrHistogram (HistogramLogReader) and prints
// "<intervals> <total count> <max value> <start time s>" for tst_reportcli.
import java.io.File;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

public class ReadHlog {
    public static void main(String[] args) throws Exception {
        HistogramLogReader reader = new HistogramLogReader(new File(args[0]));
        long intervals = 0;
        long total = 0;
        long max = 0;
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            Histogram histogram = (Histogram) h;
            intervals++;
            total += histogram.getTotalCount();
            max = Math.max(max, histogram.getMaxValue());
        }
        System.out.println(intervals + " " + total + " " + max + " " + reader.getStartTimeSec());
    }
}

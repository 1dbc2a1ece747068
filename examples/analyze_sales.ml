// The design document's usage example: an ML program importing the
// data_processing module from examples/ml_libs.
//   mlpy run -M examples/ml_libs examples/analyze_sales.ml
import data_processing;

function analyze_sales(sales_data) {
    avg_sales = data_processing.mean(sales_data);
    median_sales = data_processing.median(sales_data);
    std_sales = data_processing.std_deviation(sales_data);

    // Normalize to 0-1 range
    normalized = data_processing.normalize(sales_data);

    // Detect outliers (> 2 standard deviations)
    outliers = data_processing.detect_outliers(sales_data, 2.0);

    return {
        mean: avg_sales,
        median: median_sales,
        std_dev: std_sales,
        normalized: normalized,
        outliers: outliers
    };
}

report = analyze_sales([120, 135, 150, 110, 500, 140, 130, 125, 145, 138]);
for (key in report) {
    print(key + ":", report[key]);
}

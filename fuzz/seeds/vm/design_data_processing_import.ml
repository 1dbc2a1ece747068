// mlpy-flags: -M ../../examples/ml_libs
// the design document's data_processing module, imported as an ML source module
import data_processing;
sales = [120, 135, 150, 110, 500, 140, 130, 125, 145, 138];
print(data_processing.mean(sales), data_processing.median(sales), data_processing.std_deviation(sales));
print(data_processing.normalize([4, 4, 4]), data_processing.detect_outliers(sales, 2.0));
print(typeof(data_processing), data_processing);

// the design document's data_processing.ml statistics functions, inlined (spec 5.3 both orders)
import math;
import functional;
function mean(numbers) {
    if (len(numbers) == 0) { return 0; }
    sum = functional.reduce(numbers, function(acc, x) { return acc + x; }, 0);
    return sum / len(numbers);
}
function median(numbers) {
    if (len(numbers) == 0) { return 0; }
    sorted = functional.sort(numbers);
    mid = len(sorted) / 2;
    if (len(sorted) % 2 == 0) {
        return (sorted[mid - 1] + sorted[mid]) / 2;   // mid is an integral float
    } else {
        return sorted[math.floor(mid)];
    }
}
function std_deviation(numbers) {
    if (len(numbers) == 0) { return 0; }
    avg = mean(numbers);
    squared_diffs = functional.map(numbers, function(x) { diff = x - avg; return diff * diff; });
    return math.sqrt(mean(squared_diffs));
}
function normalize(numbers) {
    if (len(numbers) == 0) { return []; }
    min_val = functional.reduce(numbers, function(acc, x) { return x < acc ? x : acc; }, numbers[0]);
    max_val = functional.reduce(numbers, function(acc, x) { return x > acc ? x : acc; }, numbers[0]);
    range = max_val - min_val;
    if (range == 0) { return functional.map(numbers, function(x) { return 0; }); }
    return functional.map(numbers, function(x) { return (x - min_val) / range; });
}
function detect_outliers(numbers, threshold) {
    if (len(numbers) == 0) { return []; }
    avg = mean(numbers);
    std = std_deviation(numbers);
    return functional.filter(numbers, function(x) { z_score = math.abs((x - avg) / std); return z_score > threshold; });
}
sales = [120, 135, 150, 110, 500, 140, 130, 125, 145, 138];
print(mean(sales), median(sales), std_deviation(sales));
print(normalize(sales));
print(detect_outliers(sales, 2.0), detect_outliers(sales, 5.0));
print(median([5, 1, 3]), mean([5, 1, 3]), normalize([4, 4, 4]), mean([]), median([]), normalize([]));
print(sales);
function analyze_sales(d) { return {mean: mean(d), median: median(d), outliers: detect_outliers(d, 2.0)}; }
print(analyze_sales(sales));

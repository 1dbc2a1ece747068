import math;
import functional;

// Statistical functions
function mean(numbers) {
    if (len(numbers) == 0) {
        return 0;
    }
    sum = functional.reduce(numbers, function(acc, x) { return acc + x; }, 0);
    return sum / len(numbers);
}

function median(numbers) {
    if (len(numbers) == 0) {
        return 0;
    }

    sorted = functional.sort(numbers);
    mid = len(sorted) / 2;

    if (len(sorted) % 2 == 0) {
        // Even: average of two middle values
        return (sorted[mid - 1] + sorted[mid]) / 2;
    } else {
        // Odd: middle value
        return sorted[math.floor(mid)];
    }
}

function std_deviation(numbers) {
    if (len(numbers) == 0) {
        return 0;
    }

    avg = mean(numbers);
    squared_diffs = functional.map(numbers, function(x) {
        diff = x - avg;
        return diff * diff;
    });

    variance = mean(squared_diffs);
    return math.sqrt(variance);
}

// Data transformation
function normalize(numbers) {
    if (len(numbers) == 0) {
        return [];
    }

    min_val = functional.reduce(numbers, function(acc, x) {
        return x < acc ? x : acc;
    }, numbers[0]);

    max_val = functional.reduce(numbers, function(acc, x) {
        return x > acc ? x : acc;
    }, numbers[0]);

    range = max_val - min_val;
    if (range == 0) {
        return functional.map(numbers, function(x) { return 0; });
    }

    return functional.map(numbers, function(x) {
        return (x - min_val) / range;
    });
}

// Outlier detection
function detect_outliers(numbers, threshold) {
    if (len(numbers) == 0) {
        return [];
    }

    avg = mean(numbers);
    std = std_deviation(numbers);

    outliers = functional.filter(numbers, function(x) {
        z_score = math.abs((x - avg) / std);
        return z_score > threshold;
    });

    return outliers;
}


// spectral: float arrays and function calls. The benchmarks-game spectral
// norm: 10 power iterations of A^T A on an n-vector, where
// A(i, j) = 1 / ((i + j) * (i + j + 1) / 2 + i + 1).
// Output: the norm, 9 decimals.
// Size: n (default 350). Expected output: 1.274224047
import args;
import math;

function a(i, j) {
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1);
}

function mul_av(n, v, av) {
    for (i in range(n)) {
        s = 0.0;
        for (j in range(n)) {
            s = s + a(i, j) * v[j];
        }
        av[i] = s;
    }
}

function mul_atv(n, v, atv) {
    for (i in range(n)) {
        s = 0.0;
        for (j in range(n)) {
            s = s + a(j, i) * v[j];
        }
        atv[i] = s;
    }
}

function mul_atav(n, v, out, tmp) {
    mul_av(n, v, tmp);
    mul_atv(n, tmp, out);
}

function main(n) {
    u = [1.0] * n;
    v = [0.0] * n;
    tmp = [0.0] * n;
    for (k in range(10)) {
        mul_atav(n, u, v, tmp);
        mul_atav(n, v, u, tmp);
    }
    vbv = 0.0;
    vv = 0.0;
    for (i in range(n)) {
        vbv = vbv + u[i] * v[i];
        vv = vv + v[i] * v[i];
    }
    print(format(math.sqrt(vbv / vv), ".9f"));
}

argv = args.rest();
main(len(argv) > 0 ? int(argv[0]) : 350);

package dev.vicinity.lsh;

import dev.vicinity.ann.BuildAbortedException;
import dev.vicinity.ann.BuildMonitor;
import dev.vicinity.ann.VectorSource;


/**
 * The leading principal components of a segment's vectors, for the PCA families (NearPy takes the eigenvectors of
 * the covariance matrix; a {@code d×d} eigendecomposition is too slow for 784 dimensions, so this finds the same
 * subspace by orthogonal iteration on a sample):
 * <ol>
 *   <li>the mean of all transformed vectors (double sums);</li>
 *   <li>a sample of at most {@value #SAMPLE} vectors at evenly spaced ordinals, centred;</li>
 *   <li>{@code q = min(d, components + 8)} Gaussian start directions from {@code SplitMix64.of(seed, 0, 2)},
 *       {@value #ITERATIONS} times multiplied by the sample covariance and re-orthonormalised (Gram-Schmidt);</li>
 *   <li>Rayleigh-Ritz: the {@code q×q} covariance in that basis is diagonalised (Jacobi), its eigenvectors sorted by
 *       decreasing eigenvalue, and the first {@code components} rotated back; each component's largest coordinate
 *       is made positive.</li>
 * </ol>
 * Deterministic for a given seed and vector order.
 */
final class PrincipalComponents {

    static final int SAMPLE = 5000;
    static final int ITERATIONS = 8;

    private PrincipalComponents() {}

    /** The persisted form: {@code mean} then the components, row after row. */
    static float[] state(float[] mean, float[][] components) {
        float[] state = new float[mean.length * (1 + components.length)];
        System.arraycopy(mean, 0, state, 0, mean.length);
        for (int c = 0; c < components.length; c++) {
            System.arraycopy(components[c], 0, state, mean.length * (1 + c), mean.length);
        }
        return state;
    }

    /** The mean of the transformed vectors. */
    static float[] mean(VectorSource vectors, InputTransform transform, BuildMonitor monitor) {
        int dims = vectors.dims();
        double[] sum = new double[dims];
        float[] x = new float[dims];
        int n = vectors.size();
        for (int ord = 0; ord < n; ord++) {
            if ((ord & 4095) == 0 && monitor.aborted()) {
                throw new BuildAbortedException("lsh_train");
            }
            transform.apply(vectors.vector(ord), x);
            for (int i = 0; i < dims; i++) {
                sum[i] += x[i];
            }
        }
        float[] mean = new float[dims];
        for (int i = 0; i < dims; i++) {
            mean[i] = n == 0 ? 0f : (float) (sum[i] / n);
        }
        return mean;
    }

    /** The first {@code components} principal directions of the transformed vectors around {@code mean}, unit length. */
    static float[][] fit(VectorSource vectors, InputTransform transform, float[] mean, int components, long seed, BuildMonitor monitor) {
        int dims = vectors.dims();
        int n = vectors.size();
        int m = Math.min(n, SAMPLE);
        float[][] sample = new float[m][dims];
        for (int s = 0; s < m; s++) {
            transform.apply(vectors.vector((int) ((long) s * n / m)), sample[s]);
            for (int i = 0; i < dims; i++) {
                sample[s][i] -= mean[i];
            }
        }
        int q = Math.min(dims, components + 8);
        SplitMix64 random = SplitMix64.of(seed, 0, 2);
        double[][] basis = new double[q][dims];
        for (double[] row : basis) {
            for (int i = 0; i < dims; i++) {
                row[i] = random.nextGaussian();
            }
        }
        orthonormalize(basis, random);
        float[] row = new float[dims];
        float[] coefficients = new float[q];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            if (monitor.aborted()) {
                throw new BuildAbortedException("lsh_train");
            }
            float[][] basisF = toFloat(basis);
            double[][] next = new double[q][dims];
            for (float[] x : sample) {
                for (int k = 0; k < q; k++) {
                    coefficients[k] = ExactDot.dot(basisF[k], x);
                }
                for (int k = 0; k < q; k++) {
                    double c = coefficients[k];
                    double[] target = next[k];
                    for (int i = 0; i < dims; i++) {
                        target[i] += c * x[i];
                    }
                }
            }
            basis = next;
            orthonormalize(basis, random);
        }
        // Rayleigh-Ritz in the found subspace
        float[][] basisF = toFloat(basis);
        double[][] small = new double[q][q];
        for (float[] x : sample) {
            for (int k = 0; k < q; k++) {
                coefficients[k] = ExactDot.dot(basisF[k], x);
            }
            for (int a = 0; a < q; a++) {
                for (int b = 0; b <= a; b++) {
                    small[a][b] += (double) coefficients[a] * coefficients[b];
                }
            }
        }
        for (int a = 0; a < q; a++) {
            for (int b = 0; b < a; b++) {
                small[b][a] = small[a][b];
            }
        }
        double[][] eigenvectors = new double[q][q];
        double[] eigenvalues = Jacobi.eigen(small, eigenvectors);
        Integer[] order = new Integer[q];
        for (int k = 0; k < q; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(eigenvalues[b], eigenvalues[a]));
        int count = Math.min(components, q);
        float[][] result = new float[count][dims];
        for (int c = 0; c < count; c++) {
            int e = order[c];
            double[] direction = new double[dims];
            for (int k = 0; k < q; k++) {
                double weight = eigenvectors[k][e];
                for (int i = 0; i < dims; i++) {
                    direction[i] += weight * basis[k][i];
                }
            }
            int largest = 0;
            double norm2 = 0;
            for (int i = 0; i < dims; i++) {
                norm2 += direction[i] * direction[i];
                if (Math.abs(direction[i]) > Math.abs(direction[largest])) {
                    largest = i;
                }
            }
            double factor = (direction[largest] < 0 ? -1 : 1) / Math.sqrt(norm2);
            for (int i = 0; i < dims; i++) {
                result[c][i] = (float) (direction[i] * factor);
            }
        }
        return result;
    }

    private static float[][] toFloat(double[][] rows) {
        float[][] out = new float[rows.length][rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < rows[r].length; i++) {
                out[r][i] = (float) rows[r][i];
            }
        }
        return out;
    }

    /** Modified Gram-Schmidt; a row that vanishes (rank below q) is replaced by a fresh random direction. */
    static void orthonormalize(double[][] rows, SplitMix64 random) {
        int dims = rows[0].length;
        for (int r = 0; r < rows.length; r++) {
            for (int attempt = 0; ; attempt++) {
                double before = norm(rows[r]);
                for (int p = 0; p < r; p++) {
                    double dot = 0;
                    for (int i = 0; i < dims; i++) {
                        dot += rows[r][i] * rows[p][i];
                    }
                    for (int i = 0; i < dims; i++) {
                        rows[r][i] -= dot * rows[p][i];
                    }
                }
                double after = norm(rows[r]);
                if (after > 1e-9 * Math.max(before, 1e-30) && after > 0) {
                    for (int i = 0; i < dims; i++) {
                        rows[r][i] /= after;
                    }
                    break;
                }
                if (attempt > 8) {
                    throw new IllegalStateException("cannot complete an orthonormal basis of [" + rows.length + "] rows in [" + dims + "] dims");
                }
                for (int i = 0; i < dims; i++) {
                    rows[r][i] = random.nextGaussian();
                }
            }
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Cyclic Jacobi eigenvalue iteration for small symmetric matrices. */
    static final class Jacobi {
        private Jacobi() {}

        /** Eigenvalues of symmetric {@code a} (destroyed); eigenvector {@code e} is column {@code e} of {@code vectors}. */
        static double[] eigen(double[][] a, double[][] vectors) {
            int n = a.length;
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(vectors[i], 0);
                vectors[i][i] = 1;
            }
            for (int sweep = 0; sweep < 100; sweep++) {
                double off = 0;
                for (int p = 0; p < n; p++) {
                    for (int r = p + 1; r < n; r++) {
                        off += a[p][r] * a[p][r];
                    }
                }
                if (off < 1e-22) {
                    break;
                }
                for (int p = 0; p < n; p++) {
                    for (int r = p + 1; r < n; r++) {
                        if (Math.abs(a[p][r]) < 1e-300) {
                            continue;
                        }
                        double theta = (a[r][r] - a[p][p]) / (2 * a[p][r]);
                        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                        if (theta == 0) {
                            t = 1;
                        }
                        double c = 1 / Math.sqrt(t * t + 1);
                        double s = t * c;
                        for (int k = 0; k < n; k++) {
                            double akp = a[k][p];
                            double akr = a[k][r];
                            a[k][p] = c * akp - s * akr;
                            a[k][r] = s * akp + c * akr;
                        }
                        for (int k = 0; k < n; k++) {
                            double apk = a[p][k];
                            double ark = a[r][k];
                            a[p][k] = c * apk - s * ark;
                            a[r][k] = s * apk + c * ark;
                        }
                        for (int k = 0; k < n; k++) {
                            double vkp = vectors[k][p];
                            double vkr = vectors[k][r];
                            vectors[k][p] = c * vkp - s * vkr;
                            vectors[k][r] = s * vkp + c * vkr;
                        }
                    }
                }
            }
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = a[i][i];
            }
            return values;
        }
    }
}

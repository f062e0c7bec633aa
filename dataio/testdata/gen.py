#!/usr/bin/env python3
"""Generate the golden NumPy files in this folder.

Run from dataio/testdata with NumPy installed (these were made with NumPy
1.24.2 on little-endian x86-64):

    python3 gen.py

It is not run by the tests or CI: the files it writes are committed, and
dataio's golden_test.go checks that they read as described here. Values are
np.arange based so the test can state them without reading this script.
"""
import numpy as np
from numpy.lib import format as npf

a23 = np.arange(6).reshape(2, 3)  # [[0 1 2] [3 4 5]]

# Supported: dtypes, byte orders, C and Fortran order, 1-D.
np.save("f8_2x3_c.npy", a23.astype("<f8"))
np.save("f8_2x3_f.npy", np.asfortranarray(a23.astype("<f8")))
np.save("f4be_2x3_c.npy", a23.astype(">f4"))
np.save("i2be_2x3_f.npy", np.asfortranarray(a23.astype(">i2")))
np.save("u8_2x3_f.npy", np.asfortranarray(a23.astype("<u8")))
np.save("i1_6.npy", np.array([-3, -2, -1, 0, 1, 2], dtype="i1"))
np.save("u1_6.npy", np.arange(6, dtype="u1"))
np.save("b1_4.npy", np.array([True, False, False, True]))
np.save("f2_3.npy", np.array([0.5, -1.5, 65504], dtype="<f2"))
np.save("nan_inf.npy", np.array([np.nan, -np.inf, 0, np.inf]))

# Format versions 2.0 and 3.0 (4-byte header length).
with open("f8_2x3_v2.npy", "wb") as f:
    npf.write_array(f, a23.astype("<f8"), version=(2, 0))
with open("f8_2x3_v3.npy", "wb") as f:
    npf.write_array(f, a23.astype("<f8"), version=(3, 0))

# Labels.
np.save("labels_i8.npy", np.array([0, 1, 2, 1, 0], dtype="<i8"))
np.save("labels_f8.npy", np.array([0.0, 1.0, 2.0]))
np.save("labels_u2be_col.npy", np.array([[3], [1], [2]], dtype=">u2"))

# Archives: several arrays (stored), and one array (deflated).
np.savez("multi.npz", x=a23.astype("<f8"), y=np.array([0, 1], dtype="<i8"))
np.savez_compressed("single.npz", data=np.asfortranarray(a23.astype("<f4")))

# Unsupported: each must give a clear error.
np.save("c16_2.npy", np.array([1 + 2j, 3 - 4j]))
np.save("u3_2.npy", np.array(["abc", "de"]))
np.save("f8_2x3x4.npy", np.arange(24, dtype="<f8").reshape(2, 3, 4))
np.save("f8_scalar.npy", np.float64(42))
np.save("f8_0x3.npy", np.zeros((0, 3)))

// Package dataio reads and writes sample matrices and integer labels in the
// formats people bring to itlab: NumPy's .npy and .npz, and delimited text.
//
// # Conventions
//
// A sample set is a *mat.Dense with one row per sample and one column per
// dimension. Labels are a []int of integer class names, one per sample;
// ClassIDs turns them into the class ids 0…C−1 that estimators take. Values
// are read exactly as stored: ReadMatrix passes NaN and ±Inf through (as
// NumPy does). ReadMatrixFinite, which the command line uses, refuses them
// where they are written, which only the reader knows: a text file's line
// and column and the text found (so "1e400", beyond the float64 range, is
// reported as such and not later as an infinite matrix entry), a .npy
// element's row, column, NumPy index and byte offset.
//
// ReadMatrix and ReadLabels pick the format from the file name: .npy,
// .npz (with "file.npz:name" to pick an array; the name alone suffices when
// the archive holds one array), .csv, .tsv, .txt; any other name is read as
// .npy or .npz if it starts with their magic bytes, else as text. ReadNPY,
// ReadCSV, ReadLabelsNPY, ReadLabelsCSV and ReadNPZ read from a reader
// instead of a path.
//
// # NumPy .npy
//
// The format (numpy.lib.format, versions 1.0, 2.0 and 3.0) is a magic
// string "\x93NUMPY", two version bytes, a little-endian header length (2
// bytes in 1.0, 4 in 2.0 and 3.0), a Python dictionary literal with the keys
// 'descr', 'fortran_order' and 'shape', then the raw elements. This package
// parses the header itself (no eval, bounded nesting, a 1 MiB header limit)
// and reads:
//
//   - element types float16, float32, float64 ('f2', 'f4', 'f8'), signed and
//     unsigned integers of 1, 2, 4 and 8 bytes ('i1'…'i8', 'u1'…'u8') and
//     bool ('b1', read as 0 and 1), each little-endian ('<'), big-endian
//     ('>') or byte-order free ('|'); all are converted to float64, so
//     64-bit integers above 2^53 lose precision in a matrix (labels keep them
//     exact);
//   - C order and Fortran order; a Fortran-ordered array is transposed so the
//     matrix has the shape the header states;
//   - shape (n,) as an n×1 matrix and (n, d) as n×d. A 0-D array (a scalar),
//     an array of three or more dimensions, and an array with no elements are
//     errors.
//
// Complex, string, object, datetime and structured dtypes are refused with
// an error naming the dtype.
//
// The header's claim is checked before anything is allocated: the product
// of the dimensions is computed with overflow checks, and when the size of
// the input is known (a file, a bytes or strings reader, an archive member's
// declared size) a header that claims more bytes than remain is rejected at
// once. When the size is not known, memory grows only as data arrives, so a
// hostile header cannot make the reader allocate more than about twice what
// the input actually holds. When the size is known, bytes after the array
// body are an error: NumPy ignores them, but they mean the header does not
// describe the data, or that several arrays were appended to one file and
// only the first would be read.
//
// WriteNPY writes float64 ('<f8') in C order with the header laid out as
// NumPy ≥ 1.23 writes it (keys sorted, spare room for growth, data aligned to
// 64 bytes); WriteLabelsNPY writes a 1-D '<i8' array.
//
// # NumPy .npz
//
// An .npz file is a zip archive of .npy members, stored or deflated, as
// np.savez and np.savez_compressed write it. ListNPZ lists the array names
// (member names without ".npy"). The member's checksum is verified when the
// member is read to its end; bytes after a member's array body are an error,
// as they are in a .npy file.
//
// # Delimited text
//
// The separator is detected from the first row that is not blank or a
// comment: tab, else semicolon, else comma, else runs of white space. An
// optional header row is recognised when that first row holds names and no
// numbers (empty names allowed), or an empty or named first cell over
// integer column names counting up by one (a data frame's index column:
// ",0,1"). A first row mixing names and numbers otherwise is an error rather
// than a guess ("l.5,2.25", a data row with a typo, is not dropped as a
// header); so is a first row of numbers with decimal commas ("0,5;1,5"),
// reported as such. A first row
// reading exactly 0,1,…,d−1 (d ≥ 2) above rows written as floats is pandas' default
// column names (DataFrame(array).to_csv(index=False)) and is skipped; above
// integer rows it cannot be told from data and is read as data, so write such
// files with header=False. A first column that is a data frame's index
// (pandas' default index=True, R's row.names) is an error that names the
// option leaving it out. Blank lines are skipped; '#' starts a comment to the end
// of the line, so np.savetxt's "# header" line is a comment. A field may be
// double-quoted. A UTF-8 byte-order mark at the start is ignored. Numbers
// are decimal (strconv.ParseFloat's syntax without its hexadecimal floats
// and "_" digit separators, which NumPy and pandas refuse too), or "nan",
// "inf", "-Inf", "infinity" in any case; "NA" and empty fields are not
// numbers. CR-only line endings are an error that names them, and so is
// binary data read as text (a control byte such as NUL in the first 4 KiB:
// a .npy without its magic, a compressed file, /dev/zero), before any line
// is buffered. A file
// named .csv, .tsv or .txt that holds a .npy array or an .npz archive (by
// its magic bytes) is read as what it holds. WriteCSV writes the shortest
// text that reads back to the same float64, and nan, inf, -inf for the
// non-finite values.
//
// For labels, text must hold one column (or a single row) of integers of
// any sign; "3.0" is read as 3. Labels are class names: ClassIDs maps them
// (−1/+1, or sparse codes) to the ids 0…C−1 the estimators take. Labels
// given as words are not supported: map them to integers first.
//
// # Errors
//
// Every error is one line that names the file and says what was expected;
// for text it names the line, and for a bad value the column (from 1, with
// the header name when there is one) and the text found. A missing file
// gives the operating system's error, so errors.Is(err, fs.ErrNotExist)
// holds. Every other problem with the content wraps ErrFormat; a label that
// is fractional, not finite or beyond the int range also wraps
// itlab.ErrLabels (and ReadMatrixFinite's NaN or ±Inf also wraps
// itlab.ErrNonFinite). No input,
// however malformed, makes a reader panic: the readers are fuzzed
// (FuzzReadNPY, FuzzReadCSV, FuzzReadNPZ) with committed seed corpora.
//
// Writers go through internal/fsutil.WriteAtomic, so the destination is
// either the old file or the complete new one; the *To forms write to any
// io.Writer.
package dataio

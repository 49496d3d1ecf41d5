/**
 * Random-projection trees as a pure algorithm, shared by the methods made of them: NN-descent initialises its graph
 * from a forest of them and descends one to find its entry points; the forest method (Annoy's) searches a forest
 * directly. {@link dev.vicinity.rptree.RPForestBuilder} builds trees level by level, all trees at once, dividing
 * nodes by a {@link dev.vicinity.rptree.SplitRule} (PyNNDescent's random hyperplanes by default, Annoy's two-means
 * for the forest method) into {@link dev.vicinity.rptree.Hyperplane}s; {@link dev.vicinity.rptree.FlatTree} is a tree
 * of dense hyperplanes as primitive arrays, the form the codec writes and reads off-heap;
 * {@link dev.vicinity.rptree.TreeAccess} is what a search needs of a tree, on-heap or memory-mapped.
 */
package dev.vicinity.rptree;

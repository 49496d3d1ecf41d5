/**
 * Random-projection trees as a pure algorithm, shared by the methods made of them: NN-descent initialises its graph
 * from a forest of them and descends one to find its entry points; the forest method (Annoy's) searches a forest
 * directly. {@link dev.vicinity.rptree.RPForestBuilder} builds trees level by level, all trees at once;
 * {@link dev.vicinity.rptree.FlatTree} is a tree as primitive arrays, the form the codec writes and reads off-heap;
 * {@link dev.vicinity.rptree.TreeAccess} is what a search needs of a tree, on-heap or memory-mapped.
 */
package dev.vicinity.rptree;

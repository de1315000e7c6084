package org.govbus.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashTreeTest {
    static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(HashTree.leaf(("answer " + i).getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void everyLeafOfEveryBatchSizeFoldsToTheRoot() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> leaves = leaves(n);
            HashTree.Tree tree = HashTree.of(leaves);
            for (int i = 0; i < n; i++) {
                assertThat(HashTree.fold(leaves.get(i), tree.paths().get(i))).as("leaf %d of %d", i, n).isEqualTo(tree.root());
                assertThat(tree.paths().get(i).size()).isLessThanOrEqualTo(32 - Integer.numberOfLeadingZeros(n - 1));
            }
        }
    }

    @Test
    void aBatchOfOneIsItsOwnRoot() {
        byte[] leaf = leaves(1).get(0);
        HashTree.Tree tree = HashTree.of(List.of(leaf));
        assertThat(tree.root()).isEqualTo(leaf);
        assertThat(tree.paths().get(0)).isEmpty();
    }

    @Test
    void anotherLeafOrAnotherLeafsPathDoesNotReachTheRoot() {
        List<byte[]> leaves = leaves(7);
        HashTree.Tree tree = HashTree.of(leaves);
        byte[] outsider = HashTree.leaf("not in the batch".getBytes(StandardCharsets.UTF_8));
        assertThat(HashTree.fold(outsider, tree.paths().get(3))).isNotEqualTo(tree.root());
        assertThat(HashTree.fold(leaves.get(2), tree.paths().get(3))).isNotEqualTo(tree.root());
    }

    @Test
    void aLeafIsNeverTakenForAnInnerNode() {
        // an inner node's two children, offered as one leaf's parts, hash under the leaf prefix to something else
        List<byte[]> two = leaves(2);
        byte[] root = HashTree.of(two).root();
        byte[] joined = Arrays.copyOf(two.get(0), 64);
        System.arraycopy(two.get(1), 0, joined, 32, 32);
        assertThat(HashTree.leaf(joined)).isNotEqualTo(root);
        assertThat(HashTree.fold(two.get(0), List.of())).isNotEqualTo(root);
    }
}

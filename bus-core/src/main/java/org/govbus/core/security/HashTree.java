package org.govbus.core.security;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.govbus.core.security.Digests;

/**
 * A binary hash tree (SHA-256) over the answers of one signing batch: the bus signs the root once, and each
 * answer carries the path from its own leaf to that root. Leaves and inner nodes are hashed with different
 * prefixes (0x00, 0x01, as in RFC 9162), so a leaf can never pass for a node. An odd node at the end of a
 * level moves up unchanged rather than being paired with itself, so no two batches share a root by padding.
 */
public final class HashTree {
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    /** One step up the tree: the sibling's hash, and whether the sibling is on the left. */
    public record Step(boolean siblingOnLeft, byte[] sibling) {}

    /** The root of a tree and, for each leaf in order, its path to the root. */
    public record Tree(byte[] root, List<List<Step>> paths) {}

    private HashTree() {}

    /** The leaf of an answer: the SHA-256 of each part (already canonical octets), under the leaf prefix. */
    public static byte[] leaf(byte[]... parts) {
        MessageDigest d = Digests.sha256();
        d.update(LEAF);
        for (byte[] part : parts) d.update(Digests.sha256(part));
        return d.digest();
    }

    public static Tree of(List<byte[]> leaves) {
        if (leaves.isEmpty()) throw new IllegalArgumentException("a hash tree needs at least one leaf");
        List<List<Step>> paths = new ArrayList<>(leaves.size());
        // which node of the current level each leaf sits under
        int[] position = new int[leaves.size()];
        for (int i = 0; i < leaves.size(); i++) {
            paths.add(new ArrayList<>());
            position[i] = i;
        }
        List<byte[]> level = leaves;
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) up.add(node(level.get(i), level.get(i + 1)));
            if (level.size() % 2 == 1) up.add(level.get(level.size() - 1));
            for (int leaf = 0; leaf < position.length; leaf++) {
                int p = position[leaf];
                int sibling = p ^ 1;
                if (sibling < level.size()) paths.get(leaf).add(new Step(sibling < p, level.get(sibling)));
                position[leaf] = p / 2;
            }
            level = up;
        }
        return new Tree(level.get(0), paths);
    }

    /** The root a leaf and its path lead to; equal to the signed root only if the leaf was in the batch. */
    public static byte[] fold(byte[] leaf, List<Step> path) {
        byte[] h = leaf;
        for (Step s : path) h = s.siblingOnLeft() ? node(s.sibling(), h) : node(h, s.sibling());
        return h;
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest d = Digests.sha256();
        d.update(NODE);
        d.update(left);
        d.update(right);
        return d.digest();
    }
}

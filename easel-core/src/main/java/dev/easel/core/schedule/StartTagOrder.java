package dev.easel.core.schedule;

import java.util.AbstractCollection;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The backlogged users of one tier in the order start-time fair queuing serves them: by start tag,
 * then by first appearance ({@link UserQueue#seq}). As in a sorted set, a user whose start tag and
 * sequence number equal those of a user already in it is not added.
 *
 * <p>A user's start tag must not change while it is in the order: take it out, change it and put it
 * back ({@link TierState#detach}, {@link TierState#attach}). Iterators do not detect changes; any
 * change invalidates them.
 *
 * <p>Implementation notes. Every dispatch takes a user out and puts it back further on, and every
 * walk of the fair order starts at the first user, so this is the scheduler's hottest structure. It
 * is a sorted list cut into blocks of at most {@link #BLOCK} users. Each block keeps its users'
 * start tags and sequence numbers in arrays beside the users, so a search compares numbers that lie
 * together instead of following a pointer per comparison as a red-black tree does. Finding a place
 * takes a binary search over the blocks' first entries and one inside a block, and a change moves at
 * most one block's entries. A user that goes last is appended, starting a new block when the last
 * one is full. Any other full block splits in two, and an emptied block is dropped. A walk starts at
 * the first entry of the first block and reads the arrays in order, allocating nothing but its
 * iterator.
 */
final class StartTagOrder extends AbstractCollection<UserQueue> {

    /** Maximum number of users in one block. */
    static final int BLOCK = 64;

    private Block[] blocks = new Block[4];
    private int blockCount;
    private int size;

    /** The last block emptied, kept for the next new block: users drain from the front as others join at the back. */
    private Block spare;

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean add(UserQueue user) {
        double tag = user.startTag;
        long seq = user.seq;
        if (blockCount == 0 || isAfterLast(tag, seq)) {
            append(user);
            return true;
        }
        int b = blockFor(tag, seq);
        Block block = blocks[b];
        int at = block.search(tag, seq);
        if (at >= 0) {
            return false;
        }
        at = -at - 1;
        if (block.count == BLOCK) {
            split(b);
            if (at > block.count) {
                at -= block.count;
                block = blocks[b + 1];
            }
        }
        block.insert(at, user);
        size++;
        return true;
    }

    /** Removes the user with this user's start tag and sequence number, and returns false when there is none. */
    @Override
    public boolean remove(Object o) {
        if (!(o instanceof UserQueue user) || blockCount == 0) {
            return false;
        }
        int b = blockFor(user.startTag, user.seq);
        Block block = blocks[b];
        int at = block.search(user.startTag, user.seq);
        if (at < 0) {
            return false;
        }
        block.delete(at);
        size--;
        if (block.count == 0) {
            System.arraycopy(blocks, b + 1, blocks, b, blockCount - b - 1);
            blocks[--blockCount] = null;
            spare = block;
        }
        return true;
    }

    @Override
    public Iterator<UserQueue> iterator() {
        return new Walk();
    }

    private boolean isAfterLast(double tag, long seq) {
        Block last = blocks[blockCount - 1];
        int end = last.count - 1;
        return compare(tag, seq, last.tags[end], last.seqs[end]) > 0;
    }

    private void append(UserQueue user) {
        Block last = blockCount == 0 ? null : blocks[blockCount - 1];
        if (last == null || last.count == BLOCK) {
            last = newBlock();
            insertBlock(blockCount, last);
        }
        last.insert(last.count, user);
        size++;
    }

    /**
     * Returns the last block whose first entry is at or before this key, or the first block. The
     * first block is tried first, because charged users leave from the front.
     */
    private int blockFor(double tag, long seq) {
        Block first = blocks[0];
        int end = first.count - 1;
        if (blockCount == 1 || compare(tag, seq, first.tags[end], first.seqs[end]) <= 0) {
            return 0;
        }
        int low = 1;
        int high = blockCount - 1;
        int found = 0;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Block block = blocks[mid];
            if (compare(block.tags[0], block.seqs[0], tag, seq) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** Moves the second half of a full block into a new block after it. */
    private void split(int b) {
        Block full = blocks[b];
        Block upper = newBlock();
        int keep = BLOCK / 2;
        int moved = full.count - keep;
        System.arraycopy(full.tags, keep, upper.tags, 0, moved);
        System.arraycopy(full.seqs, keep, upper.seqs, 0, moved);
        System.arraycopy(full.users, keep, upper.users, 0, moved);
        Arrays.fill(full.users, keep, full.count, null);
        upper.count = moved;
        full.count = keep;
        insertBlock(b + 1, upper);
    }

    private Block newBlock() {
        Block block = spare != null ? spare : new Block();
        spare = null;
        return block;
    }

    private void insertBlock(int at, Block block) {
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, blockCount * 2);
        }
        System.arraycopy(blocks, at, blocks, at + 1, blockCount - at);
        blocks[at] = block;
        blockCount++;
    }

    /** Compares two keys as the tier's comparator did before: start tag as {@link Double#compare}, then sequence. */
    private static int compare(double tagA, long seqA, double tagB, long seqB) {
        int byTag = Double.compare(tagA, tagB);
        return byTag != 0 ? byTag : Long.compare(seqA, seqB);
    }

    /** Up to {@link #BLOCK} consecutive users, with their keys copied beside them. */
    private static final class Block {

        final double[] tags = new double[BLOCK];
        final long[] seqs = new long[BLOCK];
        final UserQueue[] users = new UserQueue[BLOCK];
        int count;

        /** Returns the index of the key, or {@code -(insertion point) - 1}, as {@link Arrays#binarySearch} does. */
        int search(double tag, long seq) {
            int low = 0;
            int high = count - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int order = compare(tags[mid], seqs[mid], tag, seq);
                if (order < 0) {
                    low = mid + 1;
                } else if (order > 0) {
                    high = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(low + 1);
        }

        void insert(int at, UserQueue user) {
            int tail = count - at;
            System.arraycopy(tags, at, tags, at + 1, tail);
            System.arraycopy(seqs, at, seqs, at + 1, tail);
            System.arraycopy(users, at, users, at + 1, tail);
            tags[at] = user.startTag;
            seqs[at] = user.seq;
            users[at] = user;
            count++;
        }

        void delete(int at) {
            int tail = count - at - 1;
            System.arraycopy(tags, at + 1, tags, at, tail);
            System.arraycopy(seqs, at + 1, seqs, at, tail);
            System.arraycopy(users, at + 1, users, at, tail);
            users[--count] = null;
        }
    }

    /** A walk from the first user on. */
    private final class Walk implements Iterator<UserQueue> {

        private int block;
        private int index;

        @Override
        public boolean hasNext() {
            return block < blockCount;
        }

        @Override
        public UserQueue next() {
            if (block >= blockCount) {
                throw new NoSuchElementException();
            }
            Block current = blocks[block];
            UserQueue user = current.users[index++];
            if (index == current.count) {
                block++;
                index = 0;
            }
            return user;
        }
    }
}

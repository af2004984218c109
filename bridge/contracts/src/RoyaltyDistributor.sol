// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title RoyaltyDistributor
/// @notice Pays out saharanet royalty epochs. The consortium's signers (one key
/// per org, M of N with M >= ceil(2N/3)) sign an EIP-712 EpochRoot for each
/// settled epoch; anyone may post it, and payees claim their leaf of the payout
/// tree (OpenZeppelin StandardMerkleTree over (uint64 epoch, uint256 index,
/// address account, uint256 amount)).
/// @dev Bridge lessons designed in: enough keys (Ronin, Harmony), no zero root
/// (Nomad), every signature recovered and checked against the set (Wormhole),
/// and no generic call dispatch anywhere (Poly Network): the only external
/// calls go to the token, with fixed selectors.
///
/// Storage is laid out for the hot paths. claim touches three slots of ours:
/// config (pause flag), the epoch's root and one bitmap word. postRoot writes
/// the root, one packed epoch record and one packed state word. The signer set
/// lives in the code of a data contract (read with one EXTCODECOPY) because
/// that is far cheaper than one cold SLOAD per signer.
contract RoyaltyDistributor is EIP712 {
    using SafeERC20 for IERC20;

    // ---------------------------------------------------------------- types

    /// @notice A secp256k1 signature over an EIP-712 digest of this contract.
    struct Signature {
        bytes32 r;
        bytes32 s;
        uint8 v;
    }

    /// @notice Fixed economic limits, chosen at deployment.
    struct Limits {
        uint96 bucketCapacity; // most total that can be posted at once
        uint96 refillPerSecond; // bucket refill rate, base units per second
        uint96 largeRootThreshold; // totals above this wait out largeRootDelay
        uint32 largeRootDelay; // seconds a large root can be vetoed
        uint32 claimWindow; // seconds an epoch stays claimable; 0 = forever
    }

    /// @notice One leaf to claim in claimMany; the account is shared by all items.
    struct ClaimItem {
        uint64 epoch;
        uint256 index;
        uint256 amount;
        bytes32[] proof;
    }

    enum EpochStatus {
        None,
        Pending,
        Live,
        Sweeping,
        Swept
    }

    /// @notice What the contract keeps per epoch (one slot).
    struct EpochInfo {
        uint96 total;
        uint64 leafCount;
        uint32 claimableAt; // when the root became (or becomes) claimable
        EpochStatus status;
        bool vetoed; // some root for this epoch was vetoed before
    }

    /// @dev The hot slot: everything postRoot reads and writes, and the pause
    /// flag claim reads, in one storage word. The signer store's address is
    /// derived from storeNonce (it is this contract's CREATE address for that
    /// nonce), so it needs no slot of its own.
    struct State {
        bool paused;
        uint8 threshold;
        uint16 storeNonce;
        uint32 nextEpoch;
        uint32 lastRefill;
        uint64 bucket; // rate-limit level in BUCKET_UNITs
        uint96 available; // funded and not yet promised to any epoch
    }

    struct Governance {
        address guardian;
        uint64 nonce; // rotation and unpause
    }

    struct SweepCursor {
        uint64 epoch;
        uint64 nextWord;
        uint120 claimed;
        bool active;
    }

    // ------------------------------------------------------------ constants

    bytes32 private constant EPOCH_ROOT_TYPEHASH =
        keccak256("EpochRoot(uint64 epoch,bytes32 root,uint256 total,uint64 leafCount)");
    bytes32 private constant VETO_TYPEHASH =
        keccak256("Veto(uint64 epoch,bytes32 root,uint256 total,uint64 leafCount)");
    bytes32 private constant ROTATION_TYPEHASH =
        keccak256("Rotation(address[] signers,uint8 threshold,address guardian,uint64 nonce)");
    bytes32 private constant UNPAUSE_TYPEHASH = keccak256("Unpause(uint64 nonce)");

    /// @notice Largest signer set; keeps every signature loop small and bounded.
    uint256 private constant MAX_SIGNERS = 32;
    /// @dev The rate limit counts in nano-tokens (10^9 base units) so its level
    /// fits the hot slot; totals round up and refills round down, so it is
    /// never looser than configured.
    uint256 private constant BUCKET_UNIT = 1e9;

    // Immutables are private with one limits() getter: each public getter is
    // one more selector the linear dispatcher compares before postRoot.
    IERC20 private immutable token;
    address private immutable treasury; // zero: sweeping disabled
    uint96 private immutable bucketCapacity;
    uint64 private immutable bucketCapacityUnits;
    uint96 private immutable refillPerSecond;
    uint96 private immutable largeRootThreshold;
    uint32 private immutable largeRootDelay;
    uint32 private immutable claimWindow;

    // -------------------------------------------------------------- storage

    State private _state;
    Governance private _gov;
    SweepCursor private _cursor;
    mapping(uint256 epoch => bytes32) private _roots; // set only while claimable
    mapping(uint256 epoch => bytes32) private _pendingRoots;
    mapping(uint256 epoch => EpochInfo) private _epochs;
    // key = epoch << 64 | index >> 7; low 128 bits: claimed flags, high 128 bits:
    // sum of the amounts claimed in this word (lets sweep count without a
    // per-claim epoch counter, which would cost every claim another slot).
    mapping(uint256 key => uint256) private _claimedWords;
    mapping(bytes32 digest => bool) private _vetoedDigests;

    // --------------------------------------------------------------- events

    event Funded(address indexed from, uint256 amount);
    /// @dev Lean on purpose (postRoot gas); total, leafCount and claimableAt are in epochInfo.
    event RootPosted(uint64 indexed epoch, bytes32 root);
    event RootReleased(uint64 indexed epoch, bytes32 root);
    event RootVetoed(uint64 indexed epoch, bytes32 root);
    event SignersRotated(uint64 indexed nonce, address[] signers, uint8 threshold, address guardian);
    event Paused(address indexed guardian);
    event Unpaused(uint64 indexed nonce);
    event Swept(uint64 indexed epoch, uint256 unclaimed, uint256 claimed);

    // --------------------------------------------------------------- errors

    error ZeroAddress();
    error EmptySignerSet();
    error TooManySigners(uint256 count, uint256 max);
    error SignerSetNotSorted(uint256 position);
    error ThresholdTooLow(uint256 threshold, uint256 signers);
    error ThresholdTooHigh(uint256 threshold, uint256 signers);
    error ZeroCapacity();
    error ContractPaused();
    error NotPaused();
    error NotGuardian(address caller);
    error ZeroRoot();
    error EmptyTree();
    error AmountTooLarge(uint256 amount);
    error EpochOutOfOrder(uint64 expected, uint64 got);
    error EpochPending(uint64 epoch);
    error RootWasVetoed(uint64 epoch, bytes32 root);
    error NotEnoughSignatures(uint256 got, uint256 required);
    error SignatureMalleable(uint256 position);
    error InvalidSignature(uint256 position);
    error DuplicateSigner(address signer);
    error SignaturesNotSorted(uint256 position);
    error UnknownSigner(address signer);
    error RateLimited(uint256 total, uint256 allowance);
    error Insolvent(uint256 total, uint256 available);
    error NotPending(uint64 epoch);
    error DelayNotElapsed(uint64 epoch, uint256 claimableAt);
    error EpochNotClaimable(uint64 epoch);
    error IndexOutOfRange(uint256 index);
    error InvalidProof(uint64 epoch, uint256 index);
    error AlreadyClaimed(uint64 epoch, uint256 index);
    error NothingToClaim();
    error SweepDisabled();
    error NotExpired(uint64 epoch, uint256 expiresAt);
    error NotSweepable(uint64 epoch);
    error SweepInProgress(uint64 epoch);
    error ZeroPageSize();
    error ZeroAmount();
    error SignerStoreFailed();

    // ---------------------------------------------------------- constructor

    constructor(
        IERC20 token_,
        address[] memory signers_,
        uint8 threshold_,
        address guardian_,
        address treasury_,
        Limits memory limits,
        uint64 firstEpoch
    ) EIP712("SaharaRoyaltyDistributor", "1") {
        if (address(token_) == address(0) || guardian_ == address(0)) revert ZeroAddress();
        uint256 capUnits = limits.bucketCapacity / BUCKET_UNIT;
        if (capUnits == 0) revert ZeroCapacity();
        if (capUnits > type(uint64).max) revert AmountTooLarge(limits.bucketCapacity);
        // A distributor deployed after epochs were settled elsewhere (a
        // migration) starts at the first epoch it is responsible for.
        if (firstEpoch > type(uint32).max) revert EpochOutOfOrder(type(uint32).max, firstEpoch);
        _validateSignerSet(signers_, threshold_);
        token = token_;
        treasury = treasury_;
        bucketCapacity = limits.bucketCapacity;
        bucketCapacityUnits = uint64(capUnits);
        refillPerSecond = limits.refillPerSecond;
        largeRootThreshold = limits.largeRootThreshold;
        largeRootDelay = limits.largeRootDelay;
        claimWindow = limits.claimWindow;
        _gov = Governance({guardian: guardian_, nonce: 0});
        _storeSigners(signers_, 1); // a contract's first CREATE uses nonce 1
        _state = State({
            paused: false,
            threshold: threshold_,
            storeNonce: 1,
            nextEpoch: uint32(firstEpoch),
            lastRefill: uint32(block.timestamp),
            bucket: uint64(capUnits),
            available: 0
        });
    }

    // -------------------------------------------------------------- funding

    /// @notice Moves `amount` tokens from the caller into the distributor and
    /// makes them available to future epochs. Tokens sent with a plain
    /// transfer are not counted: only fund() backs roots.
    function fund(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        uint256 avail = uint256(_state.available) + received;
        if (avail > type(uint96).max) revert AmountTooLarge(avail);
        _state.available = uint96(avail);
        emit Funded(msg.sender, received);
    }

    // ------------------------------------------------------------ posting

    /// @notice Records the payout root of `epoch`, signed by at least the
    /// threshold of signers, in ascending signer-address order.
    function postRoot(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount, Signature[] calldata sigs)
        external
    {
        State memory s = _state;
        if (s.paused) revert ContractPaused();
        if (root == bytes32(0)) revert ZeroRoot();
        if (leafCount == 0) revert EmptyTree();
        if (total > type(uint96).max) revert AmountTooLarge(total);
        if (epoch != s.nextEpoch) revert EpochOutOfOrder(s.nextEpoch, epoch);
        EpochInfo memory info = _epochs[epoch];
        if (info.status == EpochStatus.Pending) revert EpochPending(epoch);

        bytes32 digest = hashEpochRoot(epoch, root, total, leafCount);
        if (info.vetoed && _vetoedDigests[digest]) revert RootWasVetoed(epoch, root);
        _checkSignatures(digest, sigs, _loadSigners(s.storeNonce), s.threshold);

        uint256 level = _bucketLevel(s);
        uint256 needed = (total + BUCKET_UNIT - 1) / BUCKET_UNIT;
        if (needed > level) revert RateLimited(total, level * BUCKET_UNIT);
        if (total > s.available) revert Insolvent(total, s.available);
        s.bucket = uint64(level - needed);
        s.lastRefill = uint32(block.timestamp);
        s.available -= uint96(total);

        uint32 claimableAt = uint32(block.timestamp);
        EpochStatus status = EpochStatus.Live;
        if (total > largeRootThreshold) {
            claimableAt += largeRootDelay;
            status = EpochStatus.Pending;
            _pendingRoots[epoch] = root;
        } else {
            _roots[epoch] = root;
            s.nextEpoch = uint32(epoch + 1);
        }
        _state = s;
        _epochs[epoch] = EpochInfo({
            total: uint96(total),
            leafCount: leafCount,
            claimableAt: claimableAt,
            status: status,
            vetoed: info.vetoed
        });
        emit RootPosted(epoch, root);
    }

    /// @notice Makes a large root claimable once its veto delay has passed.
    /// Anyone may call it.
    function release(uint64 epoch) external {
        if (_state.paused) revert ContractPaused();
        EpochInfo storage info = _epochs[epoch];
        if (info.status != EpochStatus.Pending) revert NotPending(epoch);
        if (block.timestamp < info.claimableAt) revert DelayNotElapsed(epoch, info.claimableAt);
        bytes32 root = _pendingRoots[epoch];
        delete _pendingRoots[epoch];
        _roots[epoch] = root;
        info.status = EpochStatus.Live;
        _state.nextEpoch = uint32(epoch + 1);
        emit RootReleased(epoch, root);
    }

    /// @notice Cancels a pending large root. Needs N - M + 1 signers: exactly
    /// enough that the remaining signers could not have reached the threshold
    /// without one of them. Works while paused, since vetoing only removes.
    function veto(uint64 epoch, Signature[] calldata sigs) external {
        EpochInfo memory info = _epochs[epoch];
        if (info.status != EpochStatus.Pending) revert NotPending(epoch);
        bytes32 root = _pendingRoots[epoch];
        bytes32 vetoDigest = _hashTypedDataV4(
            keccak256(abi.encode(VETO_TYPEHASH, epoch, root, uint256(info.total), info.leafCount))
        );
        State memory s = _state;
        address[] memory set = _loadSigners(s.storeNonce);
        _checkSignatures(vetoDigest, sigs, set, set.length - s.threshold + 1);

        _vetoedDigests[hashEpochRoot(epoch, root, info.total, info.leafCount)] = true;
        delete _pendingRoots[epoch];
        _epochs[epoch] =
            EpochInfo({total: 0, leafCount: 0, claimableAt: 0, status: EpochStatus.None, vetoed: true});
        _state.available += info.total;
        emit RootVetoed(epoch, root);
    }

    // ------------------------------------------------------------- claiming

    /// @notice Pays `amount` to `account` for leaf `index` of `epoch`. Anyone
    /// may submit it; the tokens always go to the leaf's account.
    function claim(uint64 epoch, uint256 index, address account, uint256 amount, bytes32[] calldata proof) external {
        if (_state.paused) revert ContractPaused();
        _markClaimed(epoch, index, account, amount, proof);
        token.safeTransfer(account, amount);
    }

    /// @notice Claims several leaves of one account (typically across epochs)
    /// with a single token transfer.
    function claimMany(address account, ClaimItem[] calldata items) external {
        if (_state.paused) revert ContractPaused();
        if (items.length == 0) revert NothingToClaim();
        uint256 sum;
        for (uint256 i; i < items.length; ++i) {
            ClaimItem calldata it = items[i];
            _markClaimed(it.epoch, it.index, account, it.amount, it.proof);
            sum += it.amount;
        }
        token.safeTransfer(account, sum);
    }

    function _markClaimed(uint64 epoch, uint256 index, address account, uint256 amount, bytes32[] calldata proof)
        private
    {
        bytes32 root = _roots[epoch];
        if (root == bytes32(0)) revert EpochNotClaimable(epoch);
        if (index >> 64 != 0) revert IndexOutOfRange(index);
        // Bounding each amount to 96 bits keeps a word's 128 amounts in 128 bits.
        if (amount > type(uint96).max) revert AmountTooLarge(amount);
        bytes32 leaf = _leafHash(epoch, index, account, amount);
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidProof(epoch, index);
        uint256 key = (uint256(epoch) << 64) | (index >> 7);
        uint256 word = _claimedWords[key];
        uint256 bit = 1 << (index & 127);
        if (word & bit != 0) revert AlreadyClaimed(epoch, index);
        // No Claimed event: it would cost every claim ~1,400 gas (10% of the
        // budget). The token's Transfer(distributor, account, amount) is the
        // record, and isClaimed(epoch, index) is the source of truth.
        _claimedWords[key] = (word | bit) + (amount << 128);
    }

    // ------------------------------------------------------------ sweeping

    /// @notice Sends what is left of an expired epoch to the treasury. Counts
    /// claims over at most `maxWords` bitmap words per call, so a huge tree is
    /// swept in bounded transactions; returns true when the sweep finished.
    /// The first call closes the epoch to claims.
    function sweep(uint64 epoch, uint256 maxWords) external returns (bool done) {
        if (treasury == address(0) || claimWindow == 0) revert SweepDisabled();
        if (_state.paused) revert ContractPaused();
        if (maxWords == 0) revert ZeroPageSize();
        EpochInfo memory info = _epochs[epoch];
        SweepCursor memory cur = _cursor;
        if (info.status == EpochStatus.Live) {
            uint256 expiresAt = uint256(info.claimableAt) + claimWindow;
            if (block.timestamp < expiresAt) revert NotExpired(epoch, expiresAt);
            if (cur.active) revert SweepInProgress(cur.epoch);
            delete _roots[epoch];
            _epochs[epoch].status = EpochStatus.Sweeping;
            cur = SweepCursor({epoch: epoch, nextWord: 0, claimed: 0, active: true});
        } else if (info.status != EpochStatus.Sweeping) {
            revert NotSweepable(epoch);
        }
        uint256 words = (uint256(info.leafCount) + 127) >> 7;
        uint256 end = cur.nextWord + maxWords;
        if (end > words) end = words;
        uint256 claimed = cur.claimed;
        for (uint256 w = cur.nextWord; w < end; ++w) {
            claimed += _claimedWords[(uint256(epoch) << 64) | w] >> 128;
        }
        // Clamping keeps "claimed >= total" true (total < 2^96) even if a
        // malformed tree let claims exceed the epoch's total.
        if (claimed > type(uint120).max) claimed = type(uint120).max;
        if (end < words) {
            _cursor = SweepCursor({epoch: epoch, nextWord: uint64(end), claimed: uint120(claimed), active: true});
            return false;
        }
        delete _cursor;
        _epochs[epoch].status = EpochStatus.Swept;
        uint256 unclaimed = info.total > claimed ? info.total - claimed : 0;
        if (unclaimed != 0) token.safeTransfer(treasury, unclaimed);
        emit Swept(epoch, unclaimed, claimed);
        return true;
    }

    // ---------------------------------------------------------- governance

    /// @notice Replaces the signer set, threshold and guardian. Signed by the
    /// current threshold over the current nonce, so a rotation cannot be
    /// replayed. Works while paused, which is when a key compromise is handled.
    function rotateSigners(
        address[] calldata newSigners,
        uint8 newThreshold,
        address newGuardian,
        Signature[] calldata sigs
    ) external {
        if (newGuardian == address(0)) revert ZeroAddress();
        _validateSignerSet(newSigners, newThreshold);
        State memory s = _state;
        Governance memory g = _gov;
        bytes32 digest = hashRotation(newSigners, newThreshold, newGuardian, g.nonce);
        _checkSignatures(digest, sigs, _loadSigners(s.storeNonce), s.threshold);
        uint16 next = s.storeNonce + 1;
        _storeSigners(newSigners, next);
        _state.storeNonce = next;
        _state.threshold = newThreshold;
        _gov = Governance({guardian: newGuardian, nonce: g.nonce + 1});
        emit SignersRotated(g.nonce, newSigners, newThreshold, newGuardian);
    }

    /// @notice Stops posting, releasing, claiming and sweeping. One guardian
    /// can do it, so a suspected compromise is contained fast.
    function pause() external {
        if (msg.sender != _gov.guardian) revert NotGuardian(msg.sender);
        _state.paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Lifts a pause; needs the signer threshold over the current nonce.
    function unpause(Signature[] calldata sigs) external {
        State memory s = _state;
        if (!s.paused) revert NotPaused();
        uint64 n = _gov.nonce;
        bytes32 digest = hashUnpause(n);
        _checkSignatures(digest, sigs, _loadSigners(s.storeNonce), s.threshold);
        _state.paused = false;
        _gov.nonce = n + 1;
        emit Unpaused(n);
    }

    // --------------------------------------------------------------- views

    /// @notice The EIP-712 digest signers sign for an epoch root.
    function hashEpochRoot(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(EPOCH_ROOT_TYPEHASH, epoch, root, total, leafCount)));
    }

    /// @notice The EIP-712 digest signers sign to veto a pending root.
    function hashVeto(uint64 epoch, bytes32 root, uint256 total, uint64 leafCount) external view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(VETO_TYPEHASH, epoch, root, total, leafCount)));
    }

    /// @notice The EIP-712 digest signers sign to rotate the signer set.
    function hashRotation(address[] calldata newSigners, uint8 newThreshold, address newGuardian, uint64 nonce_)
        public
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    ROTATION_TYPEHASH, keccak256(abi.encodePacked(newSigners)), newThreshold, newGuardian, nonce_
                )
            )
        );
    }

    /// @notice The EIP-712 digest signers sign to unpause.
    function hashUnpause(uint64 nonce_) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(UNPAUSE_TYPEHASH, nonce_)));
    }

    /// @notice The domain separator (chain id and this address are in it).
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice The token paid out, the sweep treasury and the fixed limits.
    function limits() external view returns (address token_, address treasury_, Limits memory limits_) {
        return (
            address(token),
            treasury,
            Limits({
                bucketCapacity: bucketCapacity,
                refillPerSecond: refillPerSecond,
                largeRootThreshold: largeRootThreshold,
                largeRootDelay: largeRootDelay,
                claimWindow: claimWindow
            })
        );
    }

    function signers() external view returns (address[] memory) {
        return _loadSigners(_state.storeNonce);
    }

    function threshold() external view returns (uint8) {
        return _state.threshold;
    }

    function paused() external view returns (bool) {
        return _state.paused;
    }

    function nonce() external view returns (uint64) {
        return _gov.nonce;
    }

    function guardian() external view returns (address) {
        return _gov.guardian;
    }

    function nextEpoch() external view returns (uint64) {
        return _state.nextEpoch;
    }

    /// @notice Funded tokens not yet promised to any epoch.
    function available() external view returns (uint256) {
        return _state.available;
    }

    /// @notice What could be posted right now under the rate limit.
    function bucketLevel() external view returns (uint256) {
        return _bucketLevel(_state) * BUCKET_UNIT;
    }

    /// @notice The claimable root of an epoch; zero while pending, swept or unknown.
    function rootOf(uint64 epoch) external view returns (bytes32) {
        return _roots[epoch];
    }

    function pendingRootOf(uint64 epoch) external view returns (bytes32) {
        return _pendingRoots[epoch];
    }

    function epochInfo(uint64 epoch) external view returns (EpochInfo memory) {
        return _epochs[epoch];
    }

    function isClaimed(uint64 epoch, uint256 index) external view returns (bool) {
        if (index >> 64 != 0) return false;
        return _claimedWords[(uint256(epoch) << 64) | (index >> 7)] & (1 << (index & 127)) != 0;
    }

    // ------------------------------------------------------------ internals

    /// @dev keccak256(bytes.concat(keccak256(abi.encode(epoch, index, account,
    /// amount)))), the StandardMerkleTree leaf, computed in scratch memory
    /// because it runs on every claim.
    function _leafHash(uint64 epoch, uint256 index, address account, uint256 amount)
        private
        pure
        returns (bytes32 leaf)
    {
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, epoch)
            mstore(add(p, 0x20), index)
            mstore(add(p, 0x40), account)
            mstore(add(p, 0x60), amount)
            mstore(0x00, keccak256(p, 0x80))
            leaf := keccak256(0x00, 0x20)
        }
    }

    /// @dev Current rate-limit level in BUCKET_UNITs.
    function _bucketLevel(State memory s) private view returns (uint256 level) {
        level = uint256(s.bucket) + (block.timestamp - s.lastRefill) * uint256(refillPerSecond) / BUCKET_UNIT;
        if (level > bucketCapacityUnits) level = bucketCapacityUnits;
    }

    /// @dev Every signature must recover (low-S only) to a member of the set,
    /// in strictly ascending address order, which also rules out duplicates.
    function _checkSignatures(bytes32 digest, Signature[] calldata sigs, address[] memory set, uint256 required)
        private
        pure
    {
        if (sigs.length < required) revert NotEnoughSignatures(sigs.length, required);
        uint256 count = set.length;
        address prev;
        uint256 j;
        for (uint256 i; i < sigs.length; ++i) {
            Signature calldata sig = sigs[i];
            (address who, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, sig.v, sig.r, sig.s);
            if (err == ECDSA.RecoverError.InvalidSignatureS) revert SignatureMalleable(i);
            if (err != ECDSA.RecoverError.NoError) revert InvalidSignature(i);
            if (who == prev) revert DuplicateSigner(who);
            if (who < prev) revert SignaturesNotSorted(i);
            while (j < count && set[j] < who) ++j;
            if (j == count || set[j] != who) revert UnknownSigner(who);
            prev = who;
        }
    }

    function _validateSignerSet(address[] memory set, uint256 m) private pure {
        uint256 n = set.length;
        if (n == 0) revert EmptySignerSet();
        if (n > MAX_SIGNERS) revert TooManySigners(n, MAX_SIGNERS);
        if (set[0] == address(0)) revert ZeroAddress();
        for (uint256 i = 1; i < n; ++i) {
            if (set[i] <= set[i - 1]) revert SignerSetNotSorted(i);
        }
        if (m > n) revert ThresholdTooHigh(m, n);
        if (3 * m < 2 * n) revert ThresholdTooLow(m, n); // m >= ceil(2n/3)
    }

    /// @dev Deploys a data contract whose code is 0x00 (STOP, so it cannot be
    /// executed) followed by the ABI memory layout of the signer array: its
    /// length, then each signer as a 32-byte word. It must land at the CREATE
    /// address for nonce_, which is how _loadSigners finds it.
    function _storeSigners(address[] memory set, uint256 nonce_) private {
        bytes memory runtime = abi.encodePacked(hex"00", set.length, set);
        // Init code: PUSH2 len, DUP1, PUSH1 10, RETURNDATASIZE, CODECOPY,
        // RETURNDATASIZE, RETURN: copies the runtime that follows and returns it.
        bytes memory init = abi.encodePacked(hex"61", uint16(runtime.length), hex"80600a3d393df3", runtime);
        address store;
        assembly ("memory-safe") {
            store := create(0, add(init, 0x20), mload(init))
        }
        if (store == address(0) || store != _storeAddress(nonce_)) revert SignerStoreFailed();
    }

    /// @dev Copies the store's code after the STOP byte straight into memory:
    /// it already is an address[] (length word, then elements).
    function _loadSigners(uint256 nonce_) private view returns (address[] memory set) {
        address store = _storeAddress(nonce_);
        assembly ("memory-safe") {
            let size := sub(extcodesize(store), 1)
            set := mload(0x40)
            extcodecopy(store, set, 1, size)
            mstore(0x40, add(set, size))
        }
    }

    /// @dev The address CREATE gives this contract's deployment at nonce n:
    /// keccak256(rlp([address(this), n])), for 1 <= n <= 0xffff.
    function _storeAddress(uint256 n) private view returns (address) {
        bytes memory rlp;
        if (n < 0x80) {
            rlp = abi.encodePacked(bytes2(0xd694), address(this), uint8(n));
        } else if (n < 0x100) {
            rlp = abi.encodePacked(bytes2(0xd794), address(this), bytes1(0x81), uint8(n));
        } else {
            rlp = abi.encodePacked(bytes2(0xd894), address(this), bytes1(0x82), uint16(n));
        }
        return address(uint160(uint256(keccak256(rlp))));
    }
}

package channelconfig

// Group, value and policy names of Fabric's channel config tree (fabric-wire.md §8.3).
const (
	ChannelGroupKey     = "Channel"
	ApplicationGroupKey = "Application"
	OrdererGroupKey     = "Orderer"

	HashingAlgorithmKey          = "HashingAlgorithm"
	BlockDataHashingStructureKey = "BlockDataHashingStructure"
	OrdererAddressesKey          = "OrdererAddresses"
	CapabilitiesKey              = "Capabilities"
	ConsensusTypeKey             = "ConsensusType"
	BatchSizeKey                 = "BatchSize"
	BatchTimeoutKey              = "BatchTimeout"
	ChannelRestrictionsKey       = "ChannelRestrictions"
	MSPKey                       = "MSP"
	EndpointsKey                 = "Endpoints"
	AnchorPeersKey               = "AnchorPeers"
	ACLsKey                      = "ACLs"

	ReadersPolicyKey              = "Readers"
	WritersPolicyKey              = "Writers"
	AdminsPolicyKey               = "Admins"
	EndorsementPolicyKey          = "Endorsement"
	LifecycleEndorsementPolicyKey = "LifecycleEndorsement"
	BlockValidationPolicyKey      = "BlockValidation"

	// ConsensusTypeEtcdRaft is the only consensus type this orderer runs.
	ConsensusTypeEtcdRaft = "etcdraft"
)

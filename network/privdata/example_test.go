package privdata_test

import (
	"fmt"

	"github.com/saharanet/saharanet/network/privdata"
)

func ExampleParseCollectionsConfig() {
	pkg, err := privdata.ParseCollectionsConfig([]byte(`[
	  {"name": "licenseTerms", "policy": "OR('Org1MSP.member', 'Org2MSP.member')",
	   "requiredPeerCount": 1, "maxPeerCount": 2, "blockToLive": 0,
	   "memberOnlyRead": true, "memberOnlyWrite": true}
	]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	sc := pkg.GetConfig()[0].GetStaticCollectionConfig()
	fmt.Println(sc.GetName(), sc.GetRequiredPeerCount(), sc.GetMaximumPeerCount(), sc.GetMemberOnlyRead())

	_, err = privdata.ParseCollectionsConfig([]byte(`[{"name": "x", "policy": "OR('Org1MSP.member')", "requiredPeerCount": 2, "maxPeerCount": 1}]`))
	fmt.Println(err)
	// Output:
	// licenseTerms 1 2 true
	// invalid collection configuration: collection "x": maxPeerCount 1 is less than requiredPeerCount 2
}

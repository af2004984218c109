package policy_test

import (
	"fmt"

	"github.com/saharanet/saharanet/network/policy"
)

func ExampleFromString() {
	env, err := policy.FromString("OutOf(2, 'Org1MSP.peer', 'Org2MSP.peer', 'Org3MSP.peer')")
	if err != nil {
		panic(err)
	}
	s, _ := policy.String(env)
	fmt.Println(len(env.Identities), "principals,", env.Rule.GetNOutOf().N, "required")
	fmt.Println(s)

	_, err = policy.FromString("AND('Org1MSP.peer', 'Org2MSP.boss')")
	fmt.Println(err)
	// Output:
	// 3 principals, 2 required
	// OutOf(2, 'Org1MSP.peer', 'Org2MSP.peer', 'Org3MSP.peer')
	// policy "AND('Org1MSP.peer', 'Org2MSP.boss')": offset 20: principal "Org2MSP.boss": unknown role "boss" (want member, admin, client, peer or orderer)
}

func ExampleParseApplicationPolicy() {
	ref, _ := policy.ParseApplicationPolicy("/Channel/Application/Endorsement")
	sig, _ := policy.ParseApplicationPolicy("AND('Org1MSP.peer','Org2MSP.peer')")
	fmt.Println(ref.GetChannelConfigPolicyReference())
	fmt.Println(len(sig.GetSignaturePolicy().GetIdentities()))
	// Output:
	// /Channel/Application/Endorsement
	// 2
}

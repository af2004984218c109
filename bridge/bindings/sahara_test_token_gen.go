// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// SaharaTestTokenMetaData contains all meta data concerning the SaharaTestToken contract.
var SaharaTestTokenMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"minter_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"initialHolder\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"initialSupply\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotMinter\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroMinter\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minter\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "SaharaTestToken",
	Bin: "0x60a06040523461041057610e1c6060813803918261001c81610414565b9384928339810103126104105761003281610439565b90604061004160208301610439565b9101519061004f6040610414565b92601184527029b0b430b930902a32b9ba102a37b5b2b760791b60208501526100786040610414565b600681526553414841524160d01b6020820152845190946001600160401b0382116103135760035490600182811c92168015610406575b60208310146102f55781601f849311610398575b50602090601f8311600114610332575f92610327575b50508160011b915f199060031b1c1916176003555b83516001600160401b03811161031357600454600181811c91168015610309575b60208210146102f557601f8111610292575b50602094601f821160011461022f579481929394955f92610224575b50508160011b915f199060031b1c1916176004555b6001600160a01b038116156102155760805281610189575b6040516109ce908161044e823960805181818161038501526107060152f35b6001600160a01b031690811561020257600254908082018092116101ee5760207fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef915f9360025584845283825260408420818154019055604051908152a35f8061016a565b634e487b7160e01b5f52601160045260245ffd5b63ec442f0560e01b5f525f60045260245ffd5b6341f2769560e11b5f5260045ffd5b015190505f8061013d565b601f1982169560045f52805f20915f5b88811061027a57508360019596979810610262575b505050811b01600455610152565b01515f1960f88460031b161c191690555f8080610254565b9192602060018192868501518155019401920161023f565b60045f527f8a35acfbc15ff81a39ae7d344fd709f28e8600b4aa8c65c6b64bfe7fe36bd19b601f830160051c810191602084106102eb575b601f0160051c01905b8181106102e05750610121565b5f81556001016102d3565b90915081906102ca565b634e487b7160e01b5f52602260045260245ffd5b90607f169061010f565b634e487b7160e01b5f52604160045260245ffd5b015190505f806100d9565b60035f9081528281209350601f198516905b8181106103805750908460019594939210610368575b505050811b016003556100ee565b01515f1960f88460031b161c191690555f808061035a565b92936020600181928786015181550195019301610344565b60035f529091507fc2575a0e9e593c00f959f8c92f12db2869c3395a3b0502d05e2516446f71f85b601f840160051c810191602085106103fc575b90601f859493920160051c01905b8181106103ee57506100c3565b5f81558493506001016103e1565b90915081906103d3565b91607f16916100af565b5f80fd5b6040519190601f01601f191682016001600160401b0381118382101761031357604052565b51906001600160a01b03821682036104105756fe6080806040526004361015610012575f80fd5b5f3560e01c90816306fdde031461072a5750806307546172146106da578063095ea7b31461064b57806318160ddd1461062e57806323b872dd146104b8578063313ce5671461049d57806340c10f191461035157806370a082311461030d57806395d89b4114610138578063a9059cbb146101075763dd62ed3e14610095575f80fd5b34610103576040600319360112610103576100ae610885565b73ffffffffffffffffffffffffffffffffffffffff6100cb6108a8565b91165f52600160205273ffffffffffffffffffffffffffffffffffffffff60405f2091165f52602052602060405f2054604051908152f35b5f80fd5b346101035760406003193601126101035761012d610123610885565b60243590336108cb565b602060405160018152f35b34610103575f600319360112610103576040515f600454908160011c60018316928315610303575b6020821084146102d657818552849390811561027657506001146101fc575b5003601f017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe01681019067ffffffffffffffff8211818310176101cf576101cb8291826040528261083d565b0390f35b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b60045f90815291507f8a35acfbc15ff81a39ae7d344fd709f28e8600b4aa8c65c6b64bfe7fe36bd19b5b81831061025a57505081016020017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe061017f565b6020919350806001915483858801015201910190918392610226565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff001660208581019190915291151560051b840190910191507fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0905061017f565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b90607f1690610160565b346101035760206003193601126101035773ffffffffffffffffffffffffffffffffffffffff61033b610885565b165f525f602052602060405f2054604051908152f35b346101035760406003193601126101035761036a610885565b6024359073ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001633036104715773ffffffffffffffffffffffffffffffffffffffff1690811561044557600254908082018092116104185760207fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef915f9360025584845283825260408420818154019055604051908152a3005b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b7fec442f05000000000000000000000000000000000000000000000000000000005f525f60045260245ffd5b7f361c31f2000000000000000000000000000000000000000000000000000000005f523360045260245ffd5b34610103575f60031936011261010357602060405160128152f35b34610103576060600319360112610103576104d1610885565b6104d96108a8565b6044359073ffffffffffffffffffffffffffffffffffffffff831692835f52600160205260405f2073ffffffffffffffffffffffffffffffffffffffff33165f5260205260405f20547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8110610555575b5061012d93506108cb565b8381106105fa5784156105ce5733156105a25761012d945f52600160205260405f2073ffffffffffffffffffffffffffffffffffffffff33165f526020528360405f20910390558461054a565b7f94280d62000000000000000000000000000000000000000000000000000000005f525f60045260245ffd5b7fe602df05000000000000000000000000000000000000000000000000000000005f525f60045260245ffd5b83907ffb8f41b2000000000000000000000000000000000000000000000000000000005f523360045260245260445260645ffd5b34610103575f600319360112610103576020600254604051908152f35b3461010357604060031936011261010357610664610885565b6024359033156105ce5773ffffffffffffffffffffffffffffffffffffffff169081156105a257335f52600160205260405f20825f526020528060405f20556040519081527f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92560203392a3602060405160018152f35b34610103575f60031936011261010357602060405173ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000168152f35b34610103575f600319360112610103575f600354908160011c60018316928315610833575b6020821084146102d657818552849390811561027657506001146107b9575003601f017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe01681019067ffffffffffffffff8211818310176101cf576101cb8291826040528261083d565b60035f90815291507fc2575a0e9e593c00f959f8c92f12db2869c3395a3b0502d05e2516446f71f85b5b81831061081757505081016020017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe061017f565b60209193508060019154838588010152019101909183926107e3565b90607f169061074f565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f602060409481855280519182918282880152018686015e5f8582860101520116010190565b6004359073ffffffffffffffffffffffffffffffffffffffff8216820361010357565b6024359073ffffffffffffffffffffffffffffffffffffffff8216820361010357565b73ffffffffffffffffffffffffffffffffffffffff169081156109955773ffffffffffffffffffffffffffffffffffffffff1691821561044557815f525f60205260405f205481811061096357817fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef92602092855f525f84520360405f2055845f525f825260405f20818154019055604051908152a3565b827fe450d38c000000000000000000000000000000000000000000000000000000005f5260045260245260445260645ffd5b7f96c6fd1e000000000000000000000000000000000000000000000000000000005f525f60045260245ffdfea164736f6c634300081e000a",
}

// SaharaTestToken is an auto generated Go binding around an Ethereum contract.
type SaharaTestToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SaharaTestToken) GetABI() abi.ABI {
	return c.abi
}

// NewSaharaTestToken creates a new instance of SaharaTestToken.
func NewSaharaTestToken() *SaharaTestToken {
	parsed, err := SaharaTestTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SaharaTestToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SaharaTestToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address minter_, address initialHolder, uint256 initialSupply) returns()
func (saharaTestToken *SaharaTestToken) PackConstructor(minter_ common.Address, initialHolder common.Address, initialSupply *big.Int) []byte {
	enc, err := saharaTestToken.abi.Pack("", minter_, initialHolder, initialSupply)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (saharaTestToken *SaharaTestToken) PackAllowance(owner common.Address, spender common.Address) []byte {
	enc, err := saharaTestToken.abi.Pack("allowance", owner, spender)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (saharaTestToken *SaharaTestToken) TryPackAllowance(owner common.Address, spender common.Address) ([]byte, error) {
	return saharaTestToken.abi.Pack("allowance", owner, spender)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (saharaTestToken *SaharaTestToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := saharaTestToken.abi.Unpack("allowance", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (saharaTestToken *SaharaTestToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := saharaTestToken.abi.Pack("approve", spender, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (saharaTestToken *SaharaTestToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return saharaTestToken.abi.Pack("approve", spender, value)
}

// UnpackApprove is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (saharaTestToken *SaharaTestToken) UnpackApprove(data []byte) (bool, error) {
	out, err := saharaTestToken.abi.Unpack("approve", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (saharaTestToken *SaharaTestToken) PackBalanceOf(account common.Address) []byte {
	enc, err := saharaTestToken.abi.Pack("balanceOf", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (saharaTestToken *SaharaTestToken) TryPackBalanceOf(account common.Address) ([]byte, error) {
	return saharaTestToken.abi.Pack("balanceOf", account)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (saharaTestToken *SaharaTestToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := saharaTestToken.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() view returns(uint8)
func (saharaTestToken *SaharaTestToken) PackDecimals() []byte {
	enc, err := saharaTestToken.abi.Pack("decimals")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function decimals() view returns(uint8)
func (saharaTestToken *SaharaTestToken) TryPackDecimals() ([]byte, error) {
	return saharaTestToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (saharaTestToken *SaharaTestToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := saharaTestToken.abi.Unpack("decimals", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (saharaTestToken *SaharaTestToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := saharaTestToken.abi.Pack("mint", to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (saharaTestToken *SaharaTestToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return saharaTestToken.abi.Pack("mint", to, amount)
}

// PackMinter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x07546172.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function minter() view returns(address)
func (saharaTestToken *SaharaTestToken) PackMinter() []byte {
	enc, err := saharaTestToken.abi.Pack("minter")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMinter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x07546172.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function minter() view returns(address)
func (saharaTestToken *SaharaTestToken) TryPackMinter() ([]byte, error) {
	return saharaTestToken.abi.Pack("minter")
}

// UnpackMinter is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x07546172.
//
// Solidity: function minter() view returns(address)
func (saharaTestToken *SaharaTestToken) UnpackMinter(data []byte) (common.Address, error) {
	out, err := saharaTestToken.abi.Unpack("minter", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (saharaTestToken *SaharaTestToken) PackName() []byte {
	enc, err := saharaTestToken.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (saharaTestToken *SaharaTestToken) TryPackName() ([]byte, error) {
	return saharaTestToken.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (saharaTestToken *SaharaTestToken) UnpackName(data []byte) (string, error) {
	out, err := saharaTestToken.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (saharaTestToken *SaharaTestToken) PackSymbol() []byte {
	enc, err := saharaTestToken.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (saharaTestToken *SaharaTestToken) TryPackSymbol() ([]byte, error) {
	return saharaTestToken.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (saharaTestToken *SaharaTestToken) UnpackSymbol(data []byte) (string, error) {
	out, err := saharaTestToken.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalSupply() view returns(uint256)
func (saharaTestToken *SaharaTestToken) PackTotalSupply() []byte {
	enc, err := saharaTestToken.abi.Pack("totalSupply")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalSupply() view returns(uint256)
func (saharaTestToken *SaharaTestToken) TryPackTotalSupply() ([]byte, error) {
	return saharaTestToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (saharaTestToken *SaharaTestToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := saharaTestToken.abi.Unpack("totalSupply", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (saharaTestToken *SaharaTestToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := saharaTestToken.abi.Pack("transfer", to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (saharaTestToken *SaharaTestToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return saharaTestToken.abi.Pack("transfer", to, value)
}

// UnpackTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (saharaTestToken *SaharaTestToken) UnpackTransfer(data []byte) (bool, error) {
	out, err := saharaTestToken.abi.Unpack("transfer", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (saharaTestToken *SaharaTestToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := saharaTestToken.abi.Pack("transferFrom", from, to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (saharaTestToken *SaharaTestToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return saharaTestToken.abi.Pack("transferFrom", from, to, value)
}

// UnpackTransferFrom is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (saharaTestToken *SaharaTestToken) UnpackTransferFrom(data []byte) (bool, error) {
	out, err := saharaTestToken.abi.Unpack("transferFrom", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// SaharaTestTokenApproval represents a Approval event raised by the SaharaTestToken contract.
type SaharaTestTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const SaharaTestTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (SaharaTestTokenApproval) ContractEventName() string {
	return SaharaTestTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (saharaTestToken *SaharaTestToken) UnpackApprovalEvent(log *types.Log) (*SaharaTestTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != saharaTestToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SaharaTestTokenApproval)
	if len(log.Data) > 0 {
		if err := saharaTestToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range saharaTestToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// SaharaTestTokenTransfer represents a Transfer event raised by the SaharaTestToken contract.
type SaharaTestTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const SaharaTestTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (SaharaTestTokenTransfer) ContractEventName() string {
	return SaharaTestTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (saharaTestToken *SaharaTestToken) UnpackTransferEvent(log *types.Log) (*SaharaTestTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != saharaTestToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SaharaTestTokenTransfer)
	if len(log.Data) > 0 {
		if err := saharaTestToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range saharaTestToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (saharaTestToken *SaharaTestToken) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], saharaTestToken.abi.Errors["ERC20InsufficientAllowance"].ID.Bytes()[:4]) {
		return saharaTestToken.UnpackERC20InsufficientAllowanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], saharaTestToken.abi.Errors["ERC20InsufficientBalance"].ID.Bytes()[:4]) {
		return saharaTestToken.UnpackERC20InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], saharaTestToken.abi.Errors["ERC20InvalidApprover"].ID.Bytes()[:4]) {
		return saharaTestToken.UnpackERC20InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], saharaTestToken.abi.Errors["ERC20InvalidReceiver"].ID.Bytes()[:4]) {
		return saharaTestToken.UnpackERC20InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], saharaTestToken.abi.Errors["ERC20InvalidSender"].ID.Bytes()[:4]) {
		return saharaTestToken.UnpackERC20InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], saharaTestToken.abi.Errors["ERC20InvalidSpender"].ID.Bytes()[:4]) {
		return saharaTestToken.UnpackERC20InvalidSpenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], saharaTestToken.abi.Errors["NotMinter"].ID.Bytes()[:4]) {
		return saharaTestToken.UnpackNotMinterError(raw[4:])
	}
	if bytes.Equal(raw[:4], saharaTestToken.abi.Errors["ZeroMinter"].ID.Bytes()[:4]) {
		return saharaTestToken.UnpackZeroMinterError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// SaharaTestTokenERC20InsufficientAllowance represents a ERC20InsufficientAllowance error raised by the SaharaTestToken contract.
type SaharaTestTokenERC20InsufficientAllowance struct {
	Spender   common.Address
	Allowance *big.Int
	Needed    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func SaharaTestTokenERC20InsufficientAllowanceErrorID() common.Hash {
	return common.HexToHash("0xfb8f41b23e99d2101d86da76cdfa87dd51c82ed07d3cb62cbc473e469dbc75c3")
}

// UnpackERC20InsufficientAllowanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func (saharaTestToken *SaharaTestToken) UnpackERC20InsufficientAllowanceError(raw []byte) (*SaharaTestTokenERC20InsufficientAllowance, error) {
	out := new(SaharaTestTokenERC20InsufficientAllowance)
	if err := saharaTestToken.abi.UnpackIntoInterface(out, "ERC20InsufficientAllowance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SaharaTestTokenERC20InsufficientBalance represents a ERC20InsufficientBalance error raised by the SaharaTestToken contract.
type SaharaTestTokenERC20InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func SaharaTestTokenERC20InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xe450d38cd8d9f7d95077d567d60ed49c7254716e6ad08fc9872816c97e0ffec6")
}

// UnpackERC20InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func (saharaTestToken *SaharaTestToken) UnpackERC20InsufficientBalanceError(raw []byte) (*SaharaTestTokenERC20InsufficientBalance, error) {
	out := new(SaharaTestTokenERC20InsufficientBalance)
	if err := saharaTestToken.abi.UnpackIntoInterface(out, "ERC20InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SaharaTestTokenERC20InvalidApprover represents a ERC20InvalidApprover error raised by the SaharaTestToken contract.
type SaharaTestTokenERC20InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidApprover(address approver)
func SaharaTestTokenERC20InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xe602df05cc75712490294c6c104ab7c17f4030363910a7a2626411c6d3118847")
}

// UnpackERC20InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidApprover(address approver)
func (saharaTestToken *SaharaTestToken) UnpackERC20InvalidApproverError(raw []byte) (*SaharaTestTokenERC20InvalidApprover, error) {
	out := new(SaharaTestTokenERC20InvalidApprover)
	if err := saharaTestToken.abi.UnpackIntoInterface(out, "ERC20InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SaharaTestTokenERC20InvalidReceiver represents a ERC20InvalidReceiver error raised by the SaharaTestToken contract.
type SaharaTestTokenERC20InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func SaharaTestTokenERC20InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0xec442f055133b72f3b2f9f0bb351c406b178527de2040a7d1feb4e058771f613")
}

// UnpackERC20InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func (saharaTestToken *SaharaTestToken) UnpackERC20InvalidReceiverError(raw []byte) (*SaharaTestTokenERC20InvalidReceiver, error) {
	out := new(SaharaTestTokenERC20InvalidReceiver)
	if err := saharaTestToken.abi.UnpackIntoInterface(out, "ERC20InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SaharaTestTokenERC20InvalidSender represents a ERC20InvalidSender error raised by the SaharaTestToken contract.
type SaharaTestTokenERC20InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSender(address sender)
func SaharaTestTokenERC20InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x96c6fd1edd0cd6ef7ff0ecc0facdf53148dc0048b57fe58af65755250a7a96bd")
}

// UnpackERC20InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSender(address sender)
func (saharaTestToken *SaharaTestToken) UnpackERC20InvalidSenderError(raw []byte) (*SaharaTestTokenERC20InvalidSender, error) {
	out := new(SaharaTestTokenERC20InvalidSender)
	if err := saharaTestToken.abi.UnpackIntoInterface(out, "ERC20InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SaharaTestTokenERC20InvalidSpender represents a ERC20InvalidSpender error raised by the SaharaTestToken contract.
type SaharaTestTokenERC20InvalidSpender struct {
	Spender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSpender(address spender)
func SaharaTestTokenERC20InvalidSpenderErrorID() common.Hash {
	return common.HexToHash("0x94280d62c347d8d9f4d59a76ea321452406db88df38e0c9da304f58b57b373a2")
}

// UnpackERC20InvalidSpenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSpender(address spender)
func (saharaTestToken *SaharaTestToken) UnpackERC20InvalidSpenderError(raw []byte) (*SaharaTestTokenERC20InvalidSpender, error) {
	out := new(SaharaTestTokenERC20InvalidSpender)
	if err := saharaTestToken.abi.UnpackIntoInterface(out, "ERC20InvalidSpender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SaharaTestTokenNotMinter represents a NotMinter error raised by the SaharaTestToken contract.
type SaharaTestTokenNotMinter struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotMinter(address caller)
func SaharaTestTokenNotMinterErrorID() common.Hash {
	return common.HexToHash("0x361c31f27e729a8322ec0a67a437cd1a685fbc0124c358ce2bac49ea8a779111")
}

// UnpackNotMinterError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotMinter(address caller)
func (saharaTestToken *SaharaTestToken) UnpackNotMinterError(raw []byte) (*SaharaTestTokenNotMinter, error) {
	out := new(SaharaTestTokenNotMinter)
	if err := saharaTestToken.abi.UnpackIntoInterface(out, "NotMinter", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SaharaTestTokenZeroMinter represents a ZeroMinter error raised by the SaharaTestToken contract.
type SaharaTestTokenZeroMinter struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroMinter()
func SaharaTestTokenZeroMinterErrorID() common.Hash {
	return common.HexToHash("0x83e4ed2a5538f75a8c9c218bd9bbf398070f38b660b5151c97e48229d497182a")
}

// UnpackZeroMinterError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroMinter()
func (saharaTestToken *SaharaTestToken) UnpackZeroMinterError(raw []byte) (*SaharaTestTokenZeroMinter, error) {
	out := new(SaharaTestTokenZeroMinter)
	if err := saharaTestToken.abi.UnpackIntoInterface(out, "ZeroMinter", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title SaharaTestToken
/// @notice The SAHARA stand-in for dev and test networks: a plain ERC-20 with
/// 18 decimals. Production deployments point the distributor at the real
/// SAHARA token instead, so nothing here is meant for a public network.
contract SaharaTestToken is ERC20 {
    /// @notice The only account allowed to mint, fixed at deployment.
    address public immutable minter;

    /// @notice Thrown when someone other than the minter calls mint.
    error NotMinter(address caller);
    /// @notice Thrown when the minter would be the zero address.
    error ZeroMinter();

    constructor(address minter_, address initialHolder, uint256 initialSupply) ERC20("Sahara Test Token", "SAHARA") {
        if (minter_ == address(0)) revert ZeroMinter();
        minter = minter_;
        if (initialSupply != 0) _mint(initialHolder, initialSupply);
    }

    /// @notice Creates `amount` base units for `to`; dev networks fund payers this way.
    function mint(address to, uint256 amount) external {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        _mint(to, amount);
    }
}

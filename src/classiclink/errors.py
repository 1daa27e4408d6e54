"""The error catalogue: every Alibaba Cloud error code, message and HTTP status the emulator answers.

Each error is a class named for what went wrong, carrying the exact wire ``code``, ``status`` and
``message`` from the documentation (typos such as ``Forbbiden`` kept: clients match on them).
Where documents disagree, the choice and its source is written in docs/compatibility.md.
Messages with ``{placeholders}`` are filled from keyword arguments at raise time.
Nothing outside this module spells an error code.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self


class ApiError(Exception):
    """An error answered to the client in the Alibaba error envelope."""

    code: ClassVar[str] = "InternalError"
    status: ClassVar[int] = 500
    message: ClassVar[str] = "The request processing has failed due to some unknown error, exception or failure."

    # What to do about it, for the server log only: the wire answer never carries it.
    hint: str = ""

    def __init__(self, **fields: Any) -> None:
        self.text = self.message.format(**fields) if fields else self.message
        super().__init__(f"{self.code}: {self.text}")

    def hinted(self, hint: str) -> Self:
        """This error with a hint for the server log (e.g. the valid values); the answer is unchanged."""
        self.hint = hint
        return self


# --- Protocol and gateway (api-spec §5.8; ECS common error table E-RESP; real bodies from issues) ---
class InternalError(ApiError):
    pass


class VpcInternalError(ApiError):
    # The VPC seed page words the same code differently.
    message = "The request processing has failed due to some unknown error."


class ServiceUnavailable(ApiError):
    # ECS common error table; answered when a worker already holds its cap of open connections.
    code, status = "ServiceUnavailable", 503
    message = "The request has failed due to a temporary failure of the server."


class Throttling(ApiError):
    # ECS common error table (api-spec §5.8); answered only by an armed fault rule.
    code, status = "Throttling", 400
    message = "You have made too many requests within a short time; your request is denied due to request throttling."


class ThrottlingUser(ApiError):
    # Message from real answers (api-spec §5.8); no document gives the status: 400 like Throttling (§9 item 13).
    code, status, message = "Throttling.User", 400, "Request was denied due to user flow control."


class UnsupportedHTTPMethod(ApiError):
    code, status, message = "UnsupportedHTTPMethod", 403, "This http method is not supported."


class MissingParameter(ApiError):
    code, status = "MissingParameter", 400
    message = 'The input parameter "{name}" that is mandatory for processing this request is not supplied.'


class MissingSignature(ApiError):
    # The documented text for Signature says "the request", not "this request".
    code, status = "MissingParameter", 400
    message = 'The input parameter "Signature" that is mandatory for processing the request is not supplied.'


class InvalidParameter(ApiError):
    code, status, message = "InvalidParameter", 400, 'The specified parameter "{name}" is not valid.'


class UnsupportedParameter(ApiError):
    # A parameter the action does not declare, refused only with --strict-parameters (the real gateway
    # ignores it). Code and status from the ECS common table; the message names the parameter, which the
    # documented "The parameters is unsupported." does not, since the mode exists to find typos.
    code, status, message = "UnsupportedParameter", 400, 'The parameter "{name}" is unsupported by this action.'



class InvalidSignatureParameter(ApiError):
    # Sic: the ECS common table spells the code "InvalidParamater".
    code, status, message = "InvalidParamater", 400, 'The specified parameter "{name}" is not valid.'


class InvalidVersion(ApiError):
    code, status, message = "InvalidVersion", 400, "Specified parameter Version is not valid."


class ActionNotFound(ApiError):
    code, status = "InvalidAction.NotFound", 404
    message = "Specified api is not found, please check your url and method."


class InvalidTimestampFormat(ApiError):
    code, status, message = "InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted."


class TimestampExpired(ApiError):
    code, status, message = "InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired."


class NonceUsed(ApiError):
    code, status, message = "SignatureNonceUsed", 400, "Specified signature nonce was used already."


class SignatureDoesNotMatch(ApiError):
    # Exactly one ":" before the string-to-sign: aliyunsdkcore runs Message.split(':')[1].
    code, status = "SignatureDoesNotMatch", 400
    message = "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"


class IncompleteSignature(ApiError):
    code, status = "IncompleteSignature", 400
    message = "The request signature does not conform to Aliyun standards. server string to sign is:{string_to_sign}"


class AccessKeyNotFound(ApiError):
    code, status, message = "InvalidAccessKeyId.NotFound", 404, "Specified access key is not found."


class AccessKeyInactive(ApiError):
    code, status, message = "InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled."


class IdempotentParameterMismatch(ApiError):
    code, status, message = "IdempotentParameterMismatch", 400, "The request is retried with updated parameters."


class DryRunOperation(ApiError):
    code, status, message = "DryRunOperation", 400, "Request validation has been passed with DryRun flag set."


# --- RAM denials (§6.3): each product answers its own documented code ---
class VpcForbidden(ApiError):
    code, status, message = "Forbbiden", 403, "User not authorized to operate on the specified resource."


class EcsForbiddenSubUser(ApiError):
    code, status, message = "Forbidden.SubUser", 403, "User not authorized to operate on the specified resource."


# --- Regions ---
class VpcRegionNotFound(ApiError):
    code, status, message = "InvalidRegionId.NotFound", 404, 'Specified value of "regionId" is not supported.'


class EcsRegionNotFound(ApiError):
    code, status, message = "InvalidRegionId.NotFound", 404, "The specified RegionId does not exist."


class ClassicLinkRegionMalformed(ApiError):
    code, status, message = "InvalidRegionId.Malformed", 403, "The specified parameter ?RegionId? is not valid."


class ZoneNotFound(ApiError):
    code, status, message = "InvalidZoneId.NotFound", 404, "Specified zone does not exist."


# --- VPC (seed 000 and the VPC API pages, §3) ---
class VpcNotFound(ApiError):
    code, status, message = "InvalidVpcId.NotFound", 404, "Specified VPC does not exist."


class IncorrectVpcStatus(ApiError):
    code, status, message = "IncorrectVpcStatus", 400, "Current VPC status does not support this operation."


class ClassicLinkAlreadyEnabled(ApiError):
    code, status, message = "IncorrectClassicLinkStatus", 404, "Specified VPC classicLink enabled."


class ClassicLinkRouteConflict(ApiError):
    code, status, message = "RouteConflict.AlreadyExist", 400, "Route conflict exists in routing table."


class ClassicLinkInstancesExist(ApiError):
    code, status, message = "DependencyViolation.Instance", 404, "ClassicLink Instances exist in VPC."


class ClassicLinkConnectedAction(ApiError):
    # The 2024 wording of the same rule; served when compat mode "2024" is chosen.
    code, status = "InvalidAction", 400
    message = "The VPC has been connected to the classic network ECS. Please cancel the connection before proceeding."


class VpcHasDependentInstances(ApiError):
    code, status, message = "DependencyViolation.Instance", 400, "Specified object has dependent resources"


class VpcHasDependentVSwitch(ApiError):
    code, status, message = "DependencyViolation.VSwitch", 400, "Specified object has dependent resources"


class VpcHasDependentRouteEntry(ApiError):
    code, status, message = "DependencyViolation.RouteEntry", 400, "Specified object has dependent resources"


class VpcHasDependentSecurityGroup(ApiError):
    code, status = "DependencyViolation.SecurityGroup", 400
    message = "Specified object has dependent resources SecurityGroup."


class InvalidCidrBlock(ApiError):
    code, status, message = "InvalidParameter", 400, "Specified CIDR block is not valid"


class InvalidVpcName(ApiError):
    code, status, message = "InvalidVpcName.Malformed", 400, "Specified VPC name is not valid."


class InvalidVpcDescription(ApiError):
    code, status, message = "InvalidVpcDiscription.Malformed", 400, "Specified VPC description is not valid."


class VpcQuotaExceeded(ApiError):
    code, status, message = "QuotaExceeded.Vpc", 400, "VPC quota exceeded."


# --- vSwitches (§3.7–3.9) ---
class VSwitchNotFound(ApiError):
    code, status, message = "InvalidVSwitchId.NotFound", 404, "VSwitch not exist."


class IncorrectVSwitchStatus(ApiError):
    code, status = "IncorrectVSwitchStatus", 400
    message = "The current virtual switch status does not support this operation."


class VSwitchHasDependencies(ApiError):
    code, status, message = "DependencyViolation", 400, "Specified object has dependent resources."


class InvalidVSwitchName(ApiError):
    code, status, message = "InvalidVSwitchName.Malformed", 400, "Specified virtual switch name is not valid."


class InvalidVSwitchDescription(ApiError):
    code, status = "InvalidVSwitchDiscription.Malformed", 400
    message = "Specified virtual switch description is not valid."


class VSwitchCidrNotInVpc(ApiError):
    code, status, message = "InvalidParameter", 400, "Specified CIDR block is not valid in VPC."


class VSwitchCidrOverlapped(ApiError):
    code, status, message = "InvalidCidrBlock.Overlapped", 400, "Specified CIDR block overlapped with other subnets."


class VSwitchCidrMaskLength(ApiError):
    code, status, message = "InvalidCirdrBlock.MaskLength", 400, "Specified CIDR block is not valid ."


class VSwitchQuotaExceeded(ApiError):
    code, status, message = "QuotaExceeded.VSwitch", 400, "Virtual switch quota exceeded."


class VSwitchCidrOverlapsRoute(ApiError):
    # V-CVSW's second wording: the CIDR equals a route entry's destination.
    code, status, message = "InvalidCidrBlock.Overlapped", 400, "Specified CIDR block overlapped with other entry."


class CidrBlockMalformed(ApiError):
    # CreateVSwitch, CreateRouteEntry and DeleteRouteEntry pages: not a CIDR block at all.
    code, status, message = "InvalidCidrBlock.Malformed", 400, "Specified CIDR block is not valid."


class VpcMissingParameter(ApiError):
    # The VPC pages' wording, used where a parameter is required only in combination with others.
    code, status, message = "MissingParameter", 400, "Miss mandatory parameter."


class VSwitchVpcNotFound(ApiError):
    # DescribeVSwitches with a VpcId the account does not have (V-DVSW).
    code, status, message = "Forbidden.VpcNotFound", 400, "Specified VPC can not found."


# --- Route tables and entries (§3.11) ---
class RouteTableNotFound(ApiError):
    code, status, message = "InvalidRouteTableId.NotFound", 404, "Specified route table does not exist."


class RouteEntryDuplicate(ApiError):
    code, status, message = "InvalidCIDRBlock.Duplicate", 400, "Specified CIDR block is already exists."


class RouteEntryCidrInvalid(ApiError):
    code, status, message = "InvalidCidrBlock", 400, "Specified CIDR block is not valid."


class RouteEntryQuotaExceeded(ApiError):
    code, status, message = "QuotaExceeded", 400, "Route entry quota exceeded in this route table."


class RouteEntryNotFound(ApiError):
    # DeleteRouteEntry page (2019 and the current ECS-hosted copy): 400, not 404.
    code, status, message = "InvalidRouteEntry.NotFound", 400, "Route entry not exists."


class SystemRouteEntryDenied(ApiError):
    code, status, message = "OperationDenied", 400, "Specified operation is denied as route entry type is system."


class InvalidNextHopType(ApiError):
    code, status, message = "InvalidNextHopType", 400, 'Specified parameter "NextHopType" is not valid'


class NextHopAndListBothSet(ApiError):
    code, status, message = "InvalidNexthopTypeAndList.BothNotNull", 400, "both nexthopType and nextHopList are not null."


class NextHopListSize(ApiError):
    code, status, message = "InvalidNexthopListSize", 400, "nexthop size is illegal. Must be between 2 and 4."


class InvalidRouterInterface(ApiError):
    code, status, message = "InvalidRouterInterface", 400, "invalid router interface."


class NextHopNotFound(ApiError):
    code, status, message = "InvalidNextHopId.NotFound", 404, "Specified next hop does not exist."


# --- ECS security groups (§4.8) ---
class SecurityGroupNotFound(ApiError):
    code, status, message = "InvalidSecurityGroupId.NotFound", 404, "The specified SecurityGroupId does not exist."


class SecurityGroupInUse(ApiError):
    code, status, message = "DependencyViolation", 403, "There is still instance(s) in the specified security group."


class SecurityGroupVSwitchMismatch(ApiError):
    code, status = "InvalidParameter.Mismatch", 400
    message = "Specified security group and virtual switch are not in the same VPC."


class EcsVSwitchNotFound(ApiError):
    code, status, message = "InvalidVSwitchId.NotFound", 404, "Specified virtual switch does not exist."


class VSwitchNecessary(ApiError):
    code, status, message = "InvalidVSwitchId.Necessary", 400, "The VSwitchId is necessary."


class InvalidClientToken(ApiError):
    code, status, message = "InvalidClientToken.ValueNotSupported", 400, "The ClientToken provided is invalid."


class SecurityGroupVpcRequired(ApiError):
    # CreateSecurityGroup without VpcId in a region that has no classic network (E-CSG zh table).
    code, status, message = "InvalidVpcId.NotFound", 403, "vpc id must not empty when only support vpc vm."


class InvalidSecurityGroupName(ApiError):
    code, status, message = "InvalidSecurityGroupName.Malformed", 400, "Specified security group name is not valid."


class InvalidSecurityGroupDescription(ApiError):
    # Sic: "Discription" (E-CSG).
    code, status = "InvalidSecurityGroupDiscription.Malformed", 400
    message = "Specified security group description is not valid."


# --- Security-group rules (AuthorizeSecurityGroup[Egress], RevokeSecurityGroup[Egress],
# ModifySecurityGroup[Egress]Rule: the error tables of the current reference pages) ---
class InvalidIpProtocol(ApiError):
    code, status = "InvalidIpProtocol.ValueNotSupported", 400
    message = "The parameter IpProtocol must be specified with case insensitive TCP, UDP, ICMP, GRE or All."


class PortRangeMissing(ApiError):
    code, status, message = "InvalidPortRange.Malformed", 400, "The specified parameter PortRange must set."


class PortRangeMalformed(ApiError):
    code, status, message = "InvalidIpPortRange.Malformed", 400, "The specified parameter PortRange is not valid."


class PortRangeFormat(ApiError):
    # "%s" is the parameter as sent (PortRange, Permissions.1.PortRange ...).
    code, status = "InvalidParam.PortRange", 400
    message = "The specified parameter {name} is not valid. It should be two integers less than 65535 in ?/? format."


class ProtocolPortMismatch(ApiError):
    # A protocol without ports (ICMP, GRE, ALL) given another range than -1/-1.
    code, status = "OperationDenied", 400
    message = "The specified IpProtocol does not exist or IpProtocol and PortRange do not match."


class SourcePortRangeMalformed(ApiError):
    code, status = "InvalidSourcePortRange.Malformed", 400
    message = "The specified parameter SourcePortRange is not valid."


class SourceCidrMalformed(ApiError):
    code, status, message = "InvalidSourceCidrIp.Malformed", 400, "The specified parameter SourceCidrIp is not valid."


class DestCidrMalformed(ApiError):
    code, status, message = "InvalidDestCidrIp.Malformed", 400, "The specified parameter DestCidrIp is not valid."


class Ipv6SourceCidrMalformed(ApiError):
    code, status, message = "InvalidParam.Ipv6SourceCidrIp", 400, "The specified parameter {name} is not valid."


class Ipv6DestCidrMalformed(ApiError):
    code, status, message = "InvalidParam.Ipv6DestCidrIp", 400, "The specified parameter {name} is not valid."


class SourceIpBoth(ApiError):
    code, status = "InvalidParam.SourceIp", 400
    message = "The Parameters SourceCidrIp and Ipv6SourceCidrIp in {name} cannot be set at the same time."


class DestIpBoth(ApiError):
    code, status = "InvalidParam.DestIp", 400
    message = "The Parameters DestCidrIp and Ipv6DestCidrIp in {name} cannot be set at the same time."


class Ipv4ProtocolWithIpv6(ApiError):
    code, status = "InvalidParam.Ipv4ProtocolConflictWithIpv6Address", 400
    message = "IPv6 address cannot be specified for IPv4-specific protocol."


class Ipv6ProtocolWithIpv4(ApiError):
    code, status = "InvalidParam.Ipv6ProtocolConflictWithIpv4Address", 400
    message = "IPv4 address cannot be specified for IPv6-specific protocol."


class InvalidPolicy(ApiError):
    code, status, message = "InvalidPolicy.Malformed", 400, "The specified parameter Policy is not valid."


class InvalidPriority(ApiError):
    code, status, message = "InvalidPriority.Malformed", 400, "The parameter Priority is invalid."


class InvalidRuleDescription(ApiError):
    # Sic: "Discription", as the rule pages spell it.
    code, status = "InvalidSecurityGroupDiscription.Malformed", 400
    message = "The specified security group rule description is not valid."


class SourceMissing(ApiError):
    code, status = "MissingParameter.Source", 400
    message = "One of the parameters SourceCidrIp, Ipv6SourceCidrIp, SourceGroupId or SourcePrefixListId in {name} must be specified."


class DestMissing(ApiError):
    code, status = "MissingParameter.Dest", 400
    message = "One of the parameters DestCidrIp, Ipv6DestCidrIp, DestGroupId or DestPrefixListId in {name} must be specified."


class SourceGroupNicType(ApiError):
    # Sic: "intrnet" on the ingress pages.
    code, status, message = "InvalidSourceGroupId.Mismatch", 403, "NicType is required or NicType expects intrnet."


class DestGroupNicType(ApiError):
    code, status, message = "InvalidDestGroupId.Mismatch", 403, "NicType is required or NicType expects intranet."


class SourceGroupOtherVpc(ApiError):
    code, status = "InvalidSourceGroupId.Mismatch", 400
    message = "Specified security group and source group are not in the same VPC."


class DestGroupOtherVpc(ApiError):
    code, status = "InvalidDestGroupId.Mismatch", 400
    message = "Specified security group and destination group are not in the same VPC."


class SourceGroupNotFound(ApiError):
    code, status, message = "InvalidSourceGroupId.NotFound", 404, "The SourceGroupId provided does not exist in our records."


class DestGroupNotFound(ApiError):
    code, status, message = "InvalidDestGroupId.NotFound", 404, "The DestGroupId provided does not exist in our records."


class SourceGroupIsSelf(ApiError):
    # Sic: "Paramter".
    code, status = "InvalidParamter.Conflict", 403
    message = "The specified SecurityGroupId should be different from the SourceGroupId."


class DestGroupIsSelf(ApiError):
    code, status = "InvalidSecurityGroup.IsSame", 403
    message = "The authorized SecurityGroupId should be different from the DestGroupId."


class NetworkTypeMismatch(ApiError):
    code, status = "InvalidNetworkType.Mismatch", 403
    message = "The specified SecurityGroup network type should be same with SourceGroup network type (vpc or classic)."


class ClassicLinkRuleNotEnabled(ApiError):
    # A classic group and a VPC group in one rule while the VPC has ClassicLink disabled (api-spec §4.8).
    code, status = "InvalidSecurityGroup.InvalidNetworkType", 400
    message = (
        "The specified security group network type is not support this operation, please check the security group "
        "network types. For VPC security groups, ClassicLink must be enabled."
    )


class RuleQuotaExceeded(ApiError):
    code, status, message = "AuthorizationLimitExceed", 403, "The limit of authorization records in the security group reaches."


class GroupRuleQuotaExceeded(ApiError):
    code, status = "AuthorizedGroupRule.LimitExceed", 400
    message = (
        "You have reached the limit on the number of group authorization rules that you can add to a security "
        "group.When authorization object of rule is security group, the limit is 20."
    )


class PeerIsEnterprise(ApiError):
    code, status = "InvalidGroupAuthParameter.OperationDenied", 400
    message = "The security group can not authorize to enterprise level security group."


class EnterpriseRuleDenied(ApiError):
    code, status = "InvalidGroupParameter.OperationDenied", 400
    message = (
        "The attributes Policy, SourceGroupId, DestGroupId of enterprise level security groups are not allowed "
        "to be set or modified."
    )


class PermissionsWithFlat(ApiError):
    code, status = "InvalidParam.Permissions", 400
    message = "The specified parameter Permissions cannot coexist with other parameters."


class DuplicatePermissions(ApiError):
    code, status = "InvalidParam.DuplicatePermissions", 400
    message = "There are duplicate permissions in the specified parameter Permissions."


class PrefixListNotFound(ApiError):
    code, status, message = "InvalidPrefixListId.NotFound", 404, "The specified prefix list was not found."


class ClassicPrefixList(ApiError):
    code, status = "NotSupported.ClassicNetworkPrefixList", 400
    message = "The prefix list is not supported when the network type of security group is classic."


class PortRangeListNotFound(ApiError):
    code, status, message = "InvalidPortRangeListId.NotFound", 400, "The specified port range list was not found."


class RuleIdInvalid(ApiError):
    # Revoke by SecurityGroupRuleId.N of a rule that does not exist (the 2024-07-08 change on the Revoke pages).
    code, status = "InvalidParam.SecurityGroupRuleId", 400
    message = "The specified parameter SecurityGroupRuleId is not valid."


class RuleIdRepeated(ApiError):
    code, status = "InvalidParam.SecurityGroupRuleIdRepeated", 400
    message = "The specified parameter SecurityGroupRuleId is repeated."


class RuleIdNotFound(ApiError):
    code, status = "InvalidSecurityGroupRuleId.NotFound", 404
    message = "The specified SecurityGroupRuleId is not exists."


class RuleNotFound(ApiError):
    # ModifySecurityGroup[Egress]Rule: no rule matches the identifying parameters.
    code, status, message = "SecurityGroupRule.NotFound", 404, "The target security group rule not exist."


class ModifyNicType(ApiError):
    code, status, message = "InvalidOperation.ModifyNicType", 400, "NicType is not allowed to modify."


class ModifyPeerType(ApiError):
    code, status = "InvalidOperation.ModifySgRuleEntityType", 400
    message = "The source or destination type of the rules cannot be modified."


class ModifiedRuleDuplicate(ApiError):
    code, status, message = "InvalidOperation.RuleDuplicate", 400, "{detail}."


# --- JoinSecurityGroup / LeaveSecurityGroup / DeleteSecurityGroup / ModifySecurityGroupPolicy ---
class InstanceGroupLimit(ApiError):
    code, status = "InstanceSecurityGroupLimitExceeded", 400
    message = "Exceeding the allowed amount of security groups that an instance can be in."


class GroupInstanceLimit(ApiError):
    code, status = "SecurityGroupInstanceLimitExceeded", 403
    message = "The maximum number of instances in a security group is exceeded."


class InstanceGroupMismatch(ApiError):
    code, status, message = "InvalidInstanceId.Mismatch", 400, "Specified instance and security group are not in the same VPC."


class InstanceAlreadyInGroup(ApiError):
    code, status = "InvalidInstanceId.AlreadyExists", 403
    message = "The specified instance already exists in the specified security group."


class InstanceNotInGroup(ApiError):
    code, status, message = "InstanceNotInSecurityGroup", 403, "The instance not in the group."


class InstanceLastGroup(ApiError):
    code, status = "InstanceLastSecurityGroup", 403
    message = "The specified security group is the last security group for the instance."


class EniAndInstance(ApiError):
    code, status = "InvalidParam.EniIdAndInstanceId.Conflict", 403
    message = "The parameters InstanceId and NetworkInterfaceId cannot be set at the same time."


class SecurityGroupReferenced(ApiError):
    code, status, message = "DependencyViolation", 403, "The specified security group has been authorized in another one."


class EnterpriseInnerAccess(ApiError):
    # Enterprise (advanced) groups isolate their members: their inner-access policy is always Drop.
    code, status = "InvalidOperation.EnterpriseSecurityGroup", 403
    message = "The inner access policy of an enterprise level security group cannot be modified."


class EcsIncorrectVSwitchStatus(ApiError):
    # CreateInstance / RunInstances wording; the VPC API words the same code differently.
    code, status = "IncorrectVSwitchStatus", 400
    message = "The current status of virtual switch does not support this operation."


# --- ECS instances (§4.4–4.6) ---
class InstanceNotFound(ApiError):
    code, status, message = "InvalidInstanceId.NotFound", 404, "The specified InstanceId does not exist."


class IncorrectInstanceStatus(ApiError):
    code, status = "IncorrectInstanceStatus", 403
    message = "The current status of the resource does not support this operation."


class ClassicStopChargingNotSupported(ApiError):
    code, status, message = "InvalidInstanceId.NotSupport", 403, "Classic network Instance does not support this operation."


class InvalidStatusFilter(ApiError):
    code, status, message = "InvalidStatus.NotFound", 404, "The specified Status is not found"


class InvalidNetworkTypeFilter(ApiError):
    code, status, message = "InvalidNetworkType.NotFound", 404, "The specified InstanceNetworkType is not found"


class InvalidAcceptLanguage(ApiError):
    code, status, message = "InvalidAcceptLanguage.NotFound", 404, "The specified AcceptLanguage is not found."


class InvalidResourceType(ApiError):
    code, status, message = "InvalidResourceType.NotFound", 404, "The specified ResourceType is not found."


# CreateInstance / RunInstances parameter and placement errors (E-CI, E-RI error tables).
class InstanceNameMalformed(ApiError):
    code, status, message = "InvalidInstanceName.Malformed", 400, 'The specified parameter "InstanceName" is not valid.'


class HostNameMalformed(ApiError):
    code, status, message = "InvalidHostName.Malformed", 400, 'The specified parameter "HostName" is not valid.'


class InstanceDescriptionMalformed(ApiError):
    code, status, message = "InvalidDescription.Malformed", 400, 'The specified parameter "Description" is not valid.'


class InstanceTypeNotSupported(ApiError):
    code, status = "InvalidInstanceType.ValueNotSupported", 400
    message = "The specified InstanceType beyond the permitted range."


class InstanceZoneNotFound(ApiError):
    code, status, message = "InvalidZoneId.NotFound", 404, "The specified ZoneId does not exist."


class VSwitchZoneMismatch(ApiError):
    code, status, message = "InvalidParameter.Mismatch", 400, "Specified virtual switch is not in the specified zone."


class PrivateIpNotInVSwitch(ApiError):
    code, status = "InvalidPrivateIpAddress", 400
    message = "Specified private IP address is not in the CIDR block of virtual switch."


class PrivateIpMalformed(ApiError):
    code, status, message = "InvalidPrivateIpAddress.Malformed", 400, "Specified private IP address is malformed."


class PrivateIpDuplicated(ApiError):
    code, status, message = "InvalidPrivateIpAddress.Duplicated", 400, "Specified private IP address is duplicated."


class PrivateIpExhausted(ApiError):
    code, status, message = "QuotaExceeded.PrivateIpAddress", 400, "Don't have enough private IPs in this switch"


class InnerIpMalformed(ApiError):
    code, status = "InvalidInnerIpAddress.Malformed", 400
    message = 'The specified parameter "InnerIpAddress" is not valid.'


class InnerIpUnusable(ApiError):
    code, status = "InvalidInnerIpAddress.Unusable", 400
    message = "The specified InnerIpAddress is already used or not found in usable ip range."


class InstanceChargeTypeNotFound(ApiError):
    code, status, message = "InvalidInstanceChargeType.NotFound", 404, "The InstanceChargeType does not exist in our records."


class InternetChargeTypeNotSupported(ApiError):
    code, status, message = "InvalidInternetChargeType.ValueNotSupported", 400, "The specified InternetChargeType is not valid."


class MinAmountMalformed(ApiError):
    code, status, message = "InvalidMinAmount.Malformed", 400, "The specified parameter MinAmount is not valid."


class InstanceInitializing(ApiError):
    # DeleteInstance while the instance is still being created (E-DEL).
    code, status = "IncorrectInstanceStatus.Initializing", 403
    message = "The specified instance status does not support this operation."


class ChargeTypeViolation(ApiError):
    code, status = "ChargeTypeViolation", 403
    message = "The operation is not permitted due to charge type of the instance."


# --- ECS ClassicLink (seed 001 = DetachClassicLinkVpc; AttachClassicLinkVpc and DescribeClassicLinkInstances, §4.1–4.3) ---
class ClassicLinkInstanceNotFound(ApiError):
    code, status, message = "InvalidInstanceId.NotFound", 403, "The InstanceId provided does not exist in our records."


class ClassicLinkInstanceMissing(ApiError):
    # Seed 001 lists this second wording of the same code.
    code, status, message = "InvalidInstanceId.NotFound", 403, "The specified instance does not exist."


class ClassicLinkVpcMalformed(ApiError):
    code, status, message = "InvalidVpcId.Malformed", 403, "The specified parameter ?VpcId? is not valid."


class NotClassicInstance(ApiError):
    code, status, message = "InvalidInstanceId.MalFormed", 403, "The specified instance is not a classic network instance."


class DetachNotAllowed(ApiError):
    code, status, message = "OperationDenied", 403, "The instances are not allowed to detach from the linked vpc."


class InstanceIdAndVpcIdEmpty(ApiError):
    code, status = "InvalidParameter.InvalidInstanceIdAndVpcId", 403
    message = "The parameter InstanceId and VpcId are not allowed to be empty at the same time."


class ClassicLinkStatusNotSupported(ApiError):
    # Seed 001, first wording (note the space before the comma).
    code, status = "InvalidStatus.InstanceStatus", 403
    message = (
        "The specified instance status is not support this operation ,expect status is running or shutted."
    )


class ClassicLinkStatusExpected(ApiError):
    # Seed 001, second wording of the same code.
    code, status = "InvalidStatus.InstanceStatus", 403
    message = "The specified instance status does not support this operation, expected status is Running or Stopped."


class InstanceNotBelong(ApiError):
    code, status, message = "InvalidInstanceId.NotBelong", 403, "The specified instance is not belong to you."


class VpcNotBelong(ApiError):
    code, status, message = "InvalidVpc.NotBelong", 403, "The specified vpc is not belong to you."


class InstanceAlreadyLinked(ApiError):
    code, status, message = "OperationDenied", 403, "The instance does not allow link to vpc."


class VpcClassicLinkDisabled(ApiError):
    code, status, message = "OperationDenied", 403, "The specified vpc is disabled attach classic link."


class LinkQuotaExceeded(ApiError):
    code, status, message = "QuotaExceeded", 403, "The link quota exceeded in this vpc."


class TooManyInstanceIds(ApiError):
    code, status, message = "InvalidParameter.ToManyInstanceIds", 403, "No more than 100 InstanceIds can be specified."


class ClassicLinkLimitedRegion(ApiError):
    code, status = "InvalidInstanceId.LimitedRegion", 403
    message = "The specified instance does not support this operation due to the limitation of its region."


# --- Emulator limits on raw requests (documented in README, "Hardening") ---
class RequestTooLarge(ApiError):
    code, status, message = "InvalidParameter", 400, 'The specified parameter "RequestBody" is not valid.'


# --- DescribeSecurityGroupAttribute, DescribeUserData, DescribeDisks; disks of CreateInstance / RunInstances ---
class InvalidNicType(ApiError):
    code, status, message = "InvalidNicType.ValueNotSupported", 400, "The specified NicType does not exist."


class SecurityGroupIdMalformed(ApiError):
    code, status, message = "InvalidSecurityGroupId.Malformed", 400, 'The specified parameter "SecurityGroupId" is not valid.'


class UserDataNotBase64(ApiError):
    code, status, message = "InvalidUserData.Base64FormatInvalid", 400, "The specified parameter UserData must be base64 encoded."


class UserDataTooLarge(ApiError):
    # CreateInstance, RunInstances and ModifyInstanceAttribute word it with the parameter in quotes.
    code, status, message = "InvalidUserData.SizeExceeded", 400, 'The specified parameter "UserData" exceeds the size.'


class SystemDiskCategoryNotSupported(ApiError):
    code, status = "InvalidSystemDiskCategory.ValueNotSupported", 400
    message = 'The specified parameter "SystemDisk.Category" is not valid.'


class DataDiskCategoryNotSupported(ApiError):
    code, status = "InvalidDataDiskCategory.ValueNotSupported", 400
    message = 'The specified parameter "DataDisk.n.Category" is not valid.'


class DataDiskSizeNotSupported(ApiError):
    code, status = "InvalidDataDiskSize.ValueNotSupported", 400
    message = ("The specified DataDisk.n.Size beyond the permitted range, or the capacity of snapshot exceeds the "
               "size limit of the specified disk category.")  # fmt: skip


class SystemDiskSizeLessThanImage(ApiError):
    code, status = "InvalidSystemDiskSize.LessThanImageSize", 404
    message = "The specified parameter SystemDisk.Size is less than the image size."


class SystemDiskSizeLessThanMin(ApiError):
    code, status = "InvalidSystemDiskSize.LessThanMinSize", 404
    message = "The specified parameter SystemDisk.Size is less than the min size."


class SystemDiskSizeMoreThanMax(ApiError):
    code, status = "InvalidSystemDiskSize.MoreThanMaxSize", 404
    message = "The specified SystemDisk.Size parameter exceeds the maximum size."


class SystemDiskSizeInvalid(ApiError):
    # SystemDisk.Size that is no size at all (0 or negative): CreateInstance's table.
    code, status, message = "InvalidSystemDiskSize", 404, "The specified parameter SystemDisk.Size is invalid."


class SystemDiskSizeLevelNotSupported(ApiError):
    # An ESSD system disk too small for its performance level; the table answers "%s": the wording is ours.
    code, status = "InvalidSystemDiskSize.ValueNotSupported", 400
    message = "The specified SystemDisk.Size is not supported by the specified SystemDisk.PerformanceLevel."


class ImageSizeBeyondCategory(ApiError):
    # No SystemDisk.Size given, and the image needs more than the system disk's category takes.
    code, status = "InvalidDisk.SystemDiskSize", 403
    message = "The specified SystemDiskSize beyond the permitted range."


class SystemDiskCategoryNotForType(ApiError):
    # A system disk category the instance type does not take (the unquoted wording of CreateInstance's table).
    code, status = "InvalidSystemDiskCategory.ValueNotSupported", 400
    message = "The specified parameter SystemDisk.Category is not valid."


class DiskCategoryNotForType(ApiError):
    # A data disk category the instance type does not take.
    code, status = "InvalidDiskCategory.NotSupported", 403
    message = "The specified disk category is not support the specified instance type."


class DiskCategoriesMismatch(ApiError):
    # Local SSD data disks with a cloud system disk (CreateInstance, 2020: "the data disks of the instance cannot be
    # local SSDs" when the system disk is not one).
    code, status = "InvalidDiskCategory.Mismatch", 400
    message = "The specified disk categories' combination is not supported."


class LocalSsdTotalExceeded(ApiError):
    # "Excluding the system disk, the total capacity of local SSDs attached to an instance cannot exceed 1 TiB."
    code, status = "InstanceDiskCategoryLimitExceed", 403
    message = "The total size of specified disk category in an instance exceeds."


class SnapshotTooLargeForCategory(ApiError):
    # DataDisk.N.SnapshotId without a Size: the snapshot is larger than a disk of the category can be.
    code, status = "InstanceDiskCategoryLimitExceed", 400
    message = ("The specified DataDisk.n.Size beyond the permitted range, or the capacity of snapshot exceeds the "
               "size limit of the specified disk category.")  # fmt: skip


class DiskSizeLessThanSnapshot(ApiError):
    code, status, message = "InvalidDiskSize.TooSmall", 403, "Specified disk size is less than the size of snapshot"


class EncryptionNotSupported(ApiError):
    # "Local disks cannot be encrypted" (Encryption overview); the table answers "%s": the wording is ours.
    code, status = "InvalidParameter.EncryptedNotSupported", 400
    message = "The specified disk category does not support encryption."


class EncryptedSnapshotNotSupported(ApiError):
    # An encrypted snapshot (a data disk's, or a custom image's system snapshot) for an instance that is not I/O
    # optimized: encrypted disks need one, as a KMSKeyId does.
    code, status, message = "IncorrectImageStatus", 400, "Encrypted snapshots do not support this operation."


class DiskNameMalformed(ApiError):
    code, status = "InvalidDiskName.Malformed", 400
    message = 'The specified parameter "SystemDisk.DiskName or DataDisk.n.DiskName" is not valid.'


class DiskDescriptionMalformed(ApiError):
    code, status = "InvalidDiskDescription.Malformed", 400
    message = 'The specified parameter "SystemDisk.DiskDescription or DataDisk.n.Description" is not valid.'


class DataDiskSnapshotNotFound(ApiError):
    code, status = "InvalidDataDiskSnapshotId.NotFound", 404
    message = 'The specified parameter "DataDisk.n.SnapshotId" is not valid.'


class InstanceDiskNumberExceeded(ApiError):
    code, status, message = "InstanceDiskNumber.LimitExceed", 400, "The total number of specified disk in an instance exceeds."


class SpotLocalDiskNotSupported(ApiError):
    code, status = "InvalidSpotInterruptionBehavior.LocalDiskNotSupport", 403
    message = "The specified SpotInterruptionBehavior does not support local disk instance."


class DeleteWithInstanceConflict(ApiError):
    code, status = "DeleteWithInstance.Conflict", 403
    message = "The specified disk is not a portable disk and cannot be set to DeleteWithInstance attribute."


class InvalidFilterValue(ApiError):
    code, status, message = "InvalidFilterValue", 404, "The filter value is not valid."


class InvalidMultiAttach(ApiError):
    code, status, message = "InvalidParameter.MultiAttach", 403, "The specified param MultiAttach is not valid."


class MultiAttachAndEnableSharedMismatch(ApiError):
    code, status = "InvalidParameter.MultiAttachAndEnableSharedNotMatch", 403
    message = "The parameter MultiAttach and EnableShared are not match."


class InvalidDiskTypeFilter(ApiError):
    code, status, message = "InvalidDiskType.ValueNotSupported", 400, "The specified disk type is not supported."


class InvalidDiskCategoryFilter(ApiError):
    code, status, message = "InvalidCategory.ValueNotSupported", 400, "The specified disk category is not supported."


class InvalidDiskStatusFilter(ApiError):
    code, status, message = "InvalidStatus.ValueNotSupported", 400, "The specified disk status is not supported."


class TooManyDiskIds(ApiError):
    code, status, message = "InvalidDiskIds.Malformed", 403, "The amount of specified disk Ids exceeds the limit."


class InvalidDiskIds(ApiError):
    code, status, message = "InvalidParameter.DiskIds", 400, "The specified parameter diskIds is not valid."


class InvalidDiskChargeTypeFilter(ApiError):
    code, status, message = "InvalidDiskChargeType.NotFound", 404, "The DiskChargeType does not exist in our records."


class InvalidLockReasonFilter(ApiError):
    code, status, message = "InvalidLockReason.NotFound", 404, "The specified LockReason is not found."


class InvalidFilterKey(ApiError):
    code, status, message = "InvalidFilterKey.NotFound", 404, "The filter key is not found."


class DiskZoneNotFound(ApiError):
    code, status, message = "InvalidZoneId.NotFound", 400, "The zoneId provided does not exist in our records."


# --- The disk lifecycle: CreateDisk, AttachDisk, DetachDisk, DeleteDisk, ResizeDisk, ModifyDiskAttribute,
# ModifyDiskSpec, ReplaceSystemDisk (each action's error table in the ECS 2014-05-26 reference) ---
class DiskNotFound(ApiError):
    code, status, message = "InvalidDiskId.NotFound", 404, "The specified disk does not exist."


class SnapshotNotFound(ApiError):
    code, status, message = "InvalidSnapshotId.NotFound", 404, "The specified SnapshotId does not exist."


class CreateDiskZoneNotFound(ApiError):
    code, status, message = "InvalidZoneId.NotFound", 404, "The specified zone does not exist."


class CreateDiskCategoryUnavailable(ApiError):
    # Regional ESSDs and elastic ephemeral disks are not modelled (docs/compatibility.md).
    code, status, message = "InvalidDiskCategory.NotSupported", 400, "The specified disk category is not support."


class InstanceChargeTypeNotSupported(ApiError):
    code, status, message = "InvalidInstanceChargeType.ValueNotSupported", 403, "The InstanceChargeType does not support this action."


class AttachIncorrectInstanceStatus(ApiError):
    # AttachDisk's table gives 400 for this code (other actions 403).
    code, status = "IncorrectInstanceStatus", 400
    message = "The current status of the resource does not support this operation."


class LogonCredentialsMissing(ApiError):
    code, status = "InvalidParameter.AllEmpty", 403
    message = ("The current operation requires either a password or a keyPairName to must be provided. "
               "Please ensure that at least one of them is not empty.")  # fmt: skip


class ResizeOnlineDiskStatus(ApiError):
    code, status, message = "IncorrectDiskStatus", 403, "The current status of the resource does not support resize online."


class ZoneIdAndInstanceIdConflict(ApiError):
    code, status = "InvalidParam.ZoneIdAndInstanceId.Conflict", 403
    message = "The specified parameter 'ZoneId' and 'InstanceId' are not blank at the same time."


class MissingZoneId(ApiError):
    code, status = "MissingParameter", 400
    message = "The input parameter ZoneId that is mandatory for processing this request is not supplied."


class MissingSnapshotOrSize(ApiError):
    code, status, message = "MissingParameter", 400, 'The input parameter either "SnapshotId" or "Size" should be specified.'


class CreateDiskNameMalformed(ApiError):
    code, status, message = "InvalidDiskName.Malformed", 400, "The specified disk name is wrongly formed."


class CreateDiskDescriptionMalformed(ApiError):
    code, status, message = "InvalidDescription.Malformed", 400, "The specified description is wrongly formed."


class CreateDiskCategoryNotSupported(ApiError):
    code, status, message = "InvalidDiskCategory.ValueNotSupported", 400, 'The specified parameter "DiskCategory" is not valid.'


class CreateDiskSizeNotSupported(ApiError):
    code, status, message = "InvalidSize.ValueNotSupported", 400, "The specified parameter Size is not valid."


class PerformanceLevelMalformed(ApiError):
    code, status, message = "InvalidPerformanceLevel.Malformed", 400, "The specified parameter PerformanceLevel is not valid."


class EncryptedNotMatchKmsKeyId(ApiError):
    code, status = "InvalidEncrypted.NotMatchKmsKeyId", 400
    message = "The specified parameter Encrypted must be true when KmsKeyId is not empty."


class BurstingEnabledCategoryUnsupported(ApiError):
    code, status = "BurstingEnabledForDiskCategoryUnsupported", 400
    message = "The specified disk category does not support bursting enabled."


class ProvisionedIopsCategoryUnsupported(ApiError):
    code, status = "ProvisionedIopsForDiskCategoryUnsupported", 400
    message = "The specified disk category does not support provisioned iops."


class ProvisionedIopsLimitExceed(ApiError):
    code, status, message = "InvalidProvisionedIops.LimitExceed", 400, "The provisioned iops exceeds the limit."


class MultiAttachNotWhitelisted(ApiError):
    # Shared (multi-attach) disks are not modelled: answered as for an account without the feature.
    code, status = "UserNotInTheWhiteList", 403
    message = "User is not in multi attach disk white list, apply through the work order."





class InstanceDiskLimitExceeded(ApiError):
    code, status, message = "InstanceDiskLimitExceeded", 403, "The amount of the disk on instance in question reach its limits."


class DeviceMalformed(ApiError):
    code, status, message = "InvalidDevice.Malformed", 400, "The specified device is not valid."


class DeviceInUse(ApiError):
    code, status, message = "InvalidDevice.InUse", 403, "The specified device has been occupied."


class DiskNotPortable(ApiError):
    code, status, message = "DiskNotPortable", 403, "The specified disk is not a portable disk."


class ResourcesNotInSameZone(ApiError):
    code, status, message = "ResourcesNotInSameZone", 403, "The specified instance and disk are not in the same zone."


class AttachIncorrectDiskStatus(ApiError):
    code, status = "IncorrectDiskStatus", 403
    message = "The current status of the disk does not support this operation. The expected disk status is Available."


class IncorrectDiskStatus(ApiError):
    code, status, message = "IncorrectDiskStatus", 403, "The current disk status does not support this operation."


class DiskNotBootable(ApiError):
    code, status = "InvalidDisk.DiskNotBootable", 400
    message = "The specified disk is not a bootable disk, can not be attached as system disk."


class NotOriginInstance(ApiError):
    code, status = "InvalidInstance.NotOriginInstance", 400
    message = "The specified disk can not attached to other instance as system disk."


class DiskNotAttachedHere(ApiError):
    code, status, message = "DependencyViolation", 403, "The specified disk has not been attached on the specified instance."


class DiskAlreadyDetached(ApiError):
    code, status, message = "InvalidDisk.AlreadyDetached", 404, "The specified disk has been detached."


class DiskTypeViolation(ApiError):
    code, status = "DiskTypeViolation", 403
    message = "The specified disk is a system disk and cannot support the operation."


class ResizeTypeNotSupported(ApiError):
    code, status, message = "InvalidParam.Type", 400, "The specified type is not supported."


class ResizeSizeNotLarger(ApiError):
    code, status, message = "InvalidDiskSize", 403, "Specified new disk size is less than or equal the original disk size."


class ResizeSizeTooLarge(ApiError):
    code, status, message = "InvalidDiskSize.TooLarge", 403, "Specified new disk size is beyond the permitted range."


class DiskCategoryNotSupported(ApiError):
    # ResizeDisk's table, and CreateInstance's for a category no catalogued instance type takes (local SSDs).
    code, status, message = "InvalidDiskCategory.NotSupported", 403, "The specified disk category is not supported."


class ResizeOnlineCategoryNotSupported(ApiError):
    code, status = "InvalidDiskCategory.NotSupported", 403
    message = "The specified disk category does not support resize online."


class ResizeOnlineNotRunning(ApiError):
    code, status = "InvalidInstanceStatus.NotRunning", 403
    message = "The status of instance to which the disk attachs must be running when resizing online."


class DetachedSystemDisk(ApiError):
    code, status = "InvalidDisk.DetachedSystemDisk", 400
    message = "The specified disk is a detached system disk, does not support this operation."


class ModifyDiskNameMalformed(ApiError):
    code, status, message = "InvalidDiskName.Malformed", 400, "The specified disk name is wrongly formed."


class ModifyDiskDescriptionMalformed(ApiError):
    code, status, message = "InvalidDescription.Malformed", 400, "The specified description is wrongly formed."


class ModifyDiskSpecCategoryNotSupported(ApiError):
    code, status = "InvalidDiskCategory.ValueNotSupported", 400
    message = 'The specified parameter "DiskCategory" is not valid.'


class ModifyDiskSpecSizeNotMatch(ApiError):
    code, status, message = "OperationDenied.PerformanceLevelNotMatch", 403, "The specified PerformanceLevel and Size do not match."


class ReplaceSystemDiskImageNotFound(ApiError):
    code, status, message = "InvalidImageId.NotFound", 404, "The specified ImageId does not exist."


class InstanceHasNoSystemDisk(ApiError):
    code, status, message = "InvalidInstance.NotFoundSystemDisk", 400, "The specified instance has no system disk."


# --- Automatic snapshot policies: CreateAutoSnapshotPolicy, DescribeAutoSnapshotPolicyEx, DeleteAutoSnapshotPolicy,
# ApplyAutoSnapshotPolicy, CancelAutoSnapshotPolicy (their error tables) ---
class MissingPolicyRegionId(ApiError):
    code, status = "MissingParameter", 400
    message = 'The input parameter "regionId" that is mandatory for processing this request is not supplied.'


class PolicyRegionInvalid(ApiError):
    code, status, message = "ParameterInvalid", 403, "The specified RegionId parameter is invalid."


class ForceAttachCategoryNotSupported(ApiError):
    code, status = "InvalidParameterForce.DiskCategoryNotSupported", 400
    message = "The specified disk category does not support force attach operation."


class AutoSnapshotPolicyNotFound(ApiError):
    code, status, message = "InvalidAutoSnapshotPolicyId.NotFound", 400, "The specified AutoSnapshotPolicyId does not exist."


class SnapshotPolicyNameMalformed(ApiError):
    code, status, message = "InvalidSnapshotPolicyName.Malformed", 400, "The specified autoSnapshotPolicyName is wrongly formed."


class RepeatWeekdaysInvalid(ApiError):
    code, status, message = "ParameterInvalid", 403, "The specified RepeatWeekDays parameter is invalid."


class TimePointsInvalid(ApiError):
    code, status, message = "ParameterInvalid", 403, "The specified TimePoints parameter is invalid."


class RetentionDaysInvalid(ApiError):
    code, status, message = "ParameterInvalid", 403, "The specified RetentionDays parameter is invalid."


class PolicyDiskIdsInvalid(ApiError):
    code, status, message = "ParameterInvalid", 403, "The specified DiskIds are invalid."


class PolicyDiskNotInRegion(ApiError):
    code, status, message = "InvalidDiskId.NotFound", 404, "The specified disk does not exist in the region."


class TargetCopyRegionsInvalid(ApiError):
    code, status, message = "InvalidParameter.TargetCopyRegions", 403, "The specified TargetCopyRegions is invalid."


class CopiedSnapshotsRetentionDaysInvalid(ApiError):
    code, status = "InvalidParameter.CopiedSnapshotsRetentionDays", 403
    message = "The specified CopiedSnapshotsRetentionDays is invalid."


class AutoSnapshotPolicyQuotaExceed(ApiError):
    code, status = "AutoSnapshotPolicy.QuotaExceed", 403
    message = "The maximum number of automatic snapshot policy has been reached."


# --- STS 2015-04-01 (AssumeRole / GetCallerIdentity error tables; STS FAQ "common errors", doc-detail 42775)
# and temporary credentials at the gateway (api-spec §5.8, §5.11) ---
class MissingSecurityToken(ApiError):
    # Status not documented; 400 like the other InvalidSecurityToken.* (docs/compatibility.md, STS).
    code, status, message = "MissingSecurityToken", 400, "SecurityToken is mandatory for this action."


class SecurityTokenMalformed(ApiError):
    code, status, message = "InvalidSecurityToken.Malformed", 400, "Specified SecurityToken is malformed."


class SecurityTokenMismatch(ApiError):
    code, status = "InvalidSecurityToken.MismatchWithAccessKey", 400
    message = "Specified SecurityToken mismatch with the AccessKey."


class SecurityTokenExpired(ApiError):
    code, status, message = "InvalidSecurityToken.Expired", 400, "Specified SecurityToken is expired."


class StsInvalidRoleArn(ApiError):
    code, status, message = "InvalidParameter.RoleArn", 400, "The parameter RoleArn is wrongly formed."


class StsInvalidRoleSessionName(ApiError):
    code, status, message = "InvalidParameter.RoleSessionName", 400, "The parameter RoleSessionName is wrongly formed."


class StsInvalidDurationSeconds(ApiError):
    code, status, message = "InvalidParameter.DurationSeconds", 400, "The Min/Max value of DurationSeconds is 15min/1hr."


class StsInvalidExternalId(ApiError):
    code, status, message = "InvalidParameter.ExternalId", 400, "The parameter ExternalId is wrongly formed."


class StsPolicyGrammar(ApiError):
    code, status, message = "InvalidParameter.PolicyGrammar", 400, "The parameter Policy has not passed grammar check."


class StsPolicySize(ApiError):
    code, status, message = "InvalidParameter.PolicySize", 400, "The size of Policy must be smaller than 2048 bytes."


class StsNoPermission(ApiError):
    # Also the RAM denial of every STS action (the caller's own policies or the role's trust policy).
    code, status = "NoPermission", 403
    message = "You are not authorized to do this action. You should be authorized by RAM."


class StsRootCannotAssume(ApiError):
    code, status, message = "NoPermission", 403, "Roles may not be assumed by root accounts."


class StsRoleNotFound(ApiError):
    # The current table prints "The specified Role not exists ." (stray space); the older tables and real
    # answers quoted in SDK tests read "The specified Role not exists.".
    code, status, message = "EntityNotExist.Role", 404, "The specified Role not exists."


class StsInternalError(ApiError):
    message = "STS Server Internal Error happened, please send the RequestId to us."


# --- Images, snapshots, key pairs, instance types (catalogue; the actions' reference pages) ---


class ImageNotFound(ApiError):
    # CreateInstance / RunInstances / DescribeImageFromFamily / CreateImage's reference pages.
    code, status, message = "InvalidImageId.NotFound", 404, "The specified ImageId does not exist."


class ImageUsingByInstance(ApiError):
    code, status = "ImageUsingByInstance", 403
    message = (
        "The specified image has been used to create instances. You can use the DescribeInstances API to query "
        "these instances, or you can use the force parameter to proceed."
    )


class ImageIsCreating(ApiError):
    code, status, message = "ImageIsCreating", 403, "The specified image is being created."


class ImageNameDuplicated(ApiError):
    code, status, message = "InvalidImageName.Duplicated", 400, "The specified Image name has already been used."


class ImageNameMalformed(ApiError):
    code, status, message = "InvalidImageName.Malformed", 400, "Specified image name is not valid."


class ImageDescriptionMalformed(ApiError):
    code, status, message = "InvalidDescription.Malformed", 400, "Specified description is not valid."


class ImageFamilyMalformed(ApiError):
    code, status, message = "InvalidImageFamily.Malformed", 400, "The specified ImageFamily is not valid."


class ImageVersionMalformed(ApiError):
    code, status, message = "InvalidImageVersion.Malformed", 400, "The specified ImageVersion is not valid."


class ImageOwnerAliasNotSupported(ApiError):
    code, status = "InvalidImageOwnerAlias.ValueNotSupported", 400
    message = "The specified ImageOwnerAlias is not supported."


class ImageStatusNotSupported(ApiError):
    code, status, message = "InvalidStatus.ValueNotSupported", 400, "The specified Status is not supported."


class ImageActionTypeNotSupported(ApiError):
    code, status, message = "InvalidActionType.ValueNotSupported", 400, "The specified ActionType is not valid."


class ImageUsageNotSupported(ApiError):
    code, status, message = "InvalidUsage.ValueNotSupported", 400, "The specified Usage is not valid."


class ImageSourceMissing(ApiError):
    # CreateImage names no source: none of InstanceId, SnapshotId, DiskDeviceMapping.
    code, status = "InvalidParameter.Conflict", 400
    message = "One of InstanceId, SnapshotId and DiskDeviceMapping must be specified."


class ImageNotSupportInstanceType(ApiError):
    # The image's architecture is not the instance type's (an arm64 image on an x86 type, or the reverse).
    code, status = "ImageNotSupportInstanceType", 403
    message = "The specified image don't support the InstanceType instance."


class ImageTypeConflict(ApiError):
    # "If the instance memory size is 512 MiB, you cannot use Windows Server images"; "If the instance memory size
    # is 4 GiB or larger, you cannot use 32-bit OS images" (CreateInstance).
    code, status = "InvalidParameter.Conflict", 400
    message = "The specified image does not support the specified instance type."


class ImageNotInRegion(ApiError):
    # The caller's custom image, asked for in another region than its own.
    code, status, message = "OperationDenied.ImageNotValid", 403, "the specified image is not published in the region."




class SnapshotNotReady(ApiError):
    code, status, message = "InvalidSnapshot.NotReady", 403, "The specified snapshot has not completed yet."


class SnapshotIdNotReady(ApiError):
    # CreateInstance, RunInstances, CreateDisk: a disk from a snapshot still progressing.
    code, status, message = "InvalidSnapshotId.NotReady", 403, "The specified snapshot has not completed yet."


class SnapshotTooOld(ApiError):
    code, status = "InvalidSnapshotId.BasedSnapshotTooOld", 400
    message = "The specified snapshot is created before 2013-07-15."


class CreateDiskSnapshotTooOld(ApiError):
    code, status = "InvalidSnapshot.TooOld", 403
    message = "This operation is forbidden because the specified snapshot is created before 2013-07-15."


class CreateDiskSnapshotTooLarge(ApiError):
    # CreateDisk: a basic disk (at most 2000 GiB) from a larger snapshot.
    code, status, message = "InvalidSnapshot.TooLarge", 403, "The capacity of snapshot exceeds 2000GB."


class SnapshotNotDataDisk(ApiError):
    code, status = "InvalidSnapshotId.NotDataDiskSnapshot", 403
    message = "The specified snapshot is system disk snapshot."


class SnapshotNotForDisk(ApiError):
    # A disk of a category that cannot be made from a snapshot (local SSDs hold no snapshot data).
    code, status, message = "OperationDenied", 403, "The specified snapshot is not allowed to create disk."


class SnapshotCreatedDisk(ApiError):
    # DeleteSnapshot without Force of a snapshot disks were created from.
    code, status, message = "SnapshotCreatedDisk", 403, "The snapshot has been used to create disk(s)."


class SnapshotNotSystemDisk(ApiError):
    # CreateImage from a snapshot: the snapshot must be of a system disk.
    code, status = "InvalidSnapshotId.NotSystemDisk", 400
    message = "The specified snapshot is not created from a system disk."


class SnapshotCreatedImage(ApiError):
    code, status = "SnapshotCreatedImage", 403
    message = "The snapshot has been used to create custom image, and can not be deleted."


class SnapshotNameMalformed(ApiError):
    code, status, message = "InvalidSnapshotName.Malformed", 400, "Specified snapshot name is not valid."


class SnapshotDescriptionMalformed(ApiError):
    code, status, message = "InvalidDescription.Malformed", 400, "Specified description is not valid."


class SnapshotDiskNotFound(ApiError):
    code, status, message = "InvalidDiskId.NotFound", 404, "The specified disk does not exist."


class SnapshotDiskNotAttached(ApiError):
    # CreateSnapshot: a disk that has never been attached to an instance has no data to snapshot.
    code, status, message = "IncorrectDiskStatus", 403, "The current disk status does not support this operation."


class KeyPairNameMalformed(ApiError):
    code, status, message = "InvalidKeyPairName.Malformed", 400, "Specified Key Pair name is not valid."


class KeyPairAlreadyExist(ApiError):
    code, status, message = "KeyPair.AlreadyExist", 400, "The key pair already exist."


class KeyPairQuotaExceeded(ApiError):
    code, status, message = "QuotaExceed.KeyPair", 403, "The key pair quota exceeds."


class PublicKeyBodyMalformed(ApiError):
    code, status, message = "InvalidPublicKeyBody.Malformed", 400, "The PublicKeyBody format is not supported."


class KeyPairNotFound(ApiError):
    # AttachKeyPair / DetachKeyPair's reference pages (400 there; CreateInstance's page says 404).
    code, status, message = "InvalidKeyPairName.NotFound", 400, "The specified KeyPairName does not exist in our records."


class KeyPairInstanceIdsInvalid(ApiError):
    code, status = "InvalidInstanceIds.ValueNotSupported", 400
    message = "The specified parameter InstanceIds is not valid."


class KeyPairWindowsInstance(ApiError):
    code, status = "DependencyViolation.WindowsInstance", 403
    message = "The instance creating is windows, cannot use ssh key pair to login"


class InstanceKeyPairLimitExceeded(ApiError):
    code, status, message = "InstanceKeyPairLimitExceeded", 403, "The specified instances are beyond the permitted range."


class KeyPairNamesInvalid(ApiError):
    # DeleteKeyPairs: KeyPairNames is not a JSON array of at most 100 names.
    code, status, message = "InvalidParameter.KeyPairNames", 400, "The specified parameter KeyPairNames is not valid."


class DestinationResourceNotSupported(ApiError):
    code, status = "InvalidParameter", 400
    message = 'The specified parameter "DestinationResource" is not valid.'

# --- Tags (domain/tags.py). ECS: the TagResources / UntagResources pages. VPC: the VPC 2016-04-28 tag pages'
# table (TagResources / UnTagResources share it with their Express Connect siblings; docs/compatibility.md) ---
class EcsTooManyResourceIds(ApiError):
    code, status, message = "NumberExceed.ResourceIds", 400, "The ResourceIds parameter's number is exceed , Valid : 50."


class EcsTooManyTags(ApiError):
    code, status, message = "NumberExceed.Tags", 400, "The Tags parameter's number is exceed , Valid : 20."


class EcsDuplicateTagKey(ApiError):
    code, status, message = "Duplicate.TagKey", 400, "The Tag.N.Key contain duplicate key."


class EcsInvalidTagKey(ApiError):
    code, status, message = "InvalidTagKey.Malformed", 400, "The specified Tag.n.Key is not valid."


class EcsInvalidTagValue(ApiError):
    code, status, message = "InvalidTagValue.Malformed", 400, "The specified Tag.n.Value is not valid."


class EcsTagQuotaExceeded(ApiError):
    code, status, message = "OperationDenied.QuotaExceed", 400, "The quota of tags on resource is beyond permitted range."


class EcsTagParamConflict(ApiError):
    code, status, message = "Param.Conflict", 403, "The specified all is true, but the specified TagKey.N is not empty."


class EcsMissingTags(ApiError):
    code, status, message = "MissingParameter.Tags", 404, "The parameter - Tags should not be null."


class EcsTaggedResourceNotFound(ApiError):
    code, status, message = "InvalidResourceId.NotFound", 404, "The specified ResourceIds are not found in our records."


class EcsTagResourceTypeNotFound(ApiError):
    code, status, message = "InvalidResourceType.NotFound", 404, "The ResourceType provided does not exist in our records."


class VpcInvalidTagKey(ApiError):
    code, status, message = "InvalidTagKey", 400, "The tag keys are not valid."


class VpcInvalidTagValue(ApiError):
    code, status, message = "InvalidTagValue", 400, "The tag values are not valid."


class VpcTagResourceTypeNotFound(ApiError):
    code, status, message = "InvalidInstanceType.NotFound", 400, "The instance type is not found"


class VpcTaggedResourceNotFound(ApiError):
    code, status, message = "InvalidInstanceIds.NotFound", 400, "The instanceIds are not found"


class VpcTagQuotaExceeded(ApiError):
    code, status, message = "QuotaExceeded.TagNum", 400, "Custom Tags quota exceeded"


class VpcDuplicateTagKey(ApiError):
    code, status, message = "Forbidden.TagKey.Duplicated", 400, "The specified tag key already exists."


class VpcTooManyTags(ApiError):
    code, status, message = "SizeLimitExceeded.TagNum", 400, "The maximum number of tags is exceeded."


class VpcTooManyResourceIds(ApiError):
    code, status, message = "SizeLimitExceeded.ResourceId", 400, "The maximum number of resource IDs is exceeded."


# --- Secondary CIDR blocks (the AssociateVpcCidrBlock / UnassociateVpcCidrBlock pages; "%s" messages are
# the docs' own placeholders, answered with the situation in words, docs/compatibility.md) ---
class SecondaryCidrMissing(ApiError):
    code, status = "MissingParam.SecondaryCidrBlockOrIpv6CidrBlock", 400
    message = "Either SecondaryCidrBlock or Ipv6CidrBlock must be specified."


class SecondaryCidrAndIpv6Exclusive(ApiError):
    code, status = "ParamExclusive.SecondaryCidrAndIpv6Cidr", 400
    message = "SecondaryCidrBlock and Ipv6CidrBlock cannot be specified at the same time."


class SecondaryCidrIllegal(ApiError):
    code, status, message = "IllegalParam.SecondaryCidrBlock", 400, "The specified SecondaryCidrBlock is illegal."


class SecondaryCidrDuplicated(ApiError):
    code, status = "Duplicated.SecondaryCidrBlock", 400
    message = "The specified SecondaryCidrBlock overlaps with the CIDR blocks of the VPC."


class SecondaryCidrQuotaExceeded(ApiError):
    code, status, message = "QuotaExceeded.VpcMultiCidr", 400, "The number of secondary CIDR blocks of the VPC exceeds 5."


class SecondaryCidrConflictsWithEntry(ApiError):
    code, status = "OperationFailed.ConflictWithEntry", 400
    message = "The specified SecondaryCidrBlock conflicts with a route entry of the VPC."


class SecondaryCidrNotFound(ApiError):
    code, status = "InvalidSecondaryCidrBlock.NotFound", 400
    message = "The specified SecondaryCidrBlock is not found in the VPC."



class AssociateVpcIncorrectStatus(ApiError):
    code, status, message = "IncorrectStatus.Vpc", 400, "The status of the VPC does not support this operation."



class MoveResourceTypeInvalid(ApiError):
    code, status, message = "InvalidParameter.ResourceType", 400, "The specified ResourceType is not valid."






# --- Route tables and entries: the modify pages ---
class InvalidRouteTableName(ApiError):
    code, status, message = "InvalidRouteTableName.Malformed", 400, "Specified route table name is not valid."


class InvalidRouteTableDescription(ApiError):
    code, status, message = "InvalidDescription.Malformed", 400, "Specified description is not valid."



class IllegalIpv6CidrBlock(ApiError):
    # AssociateVpcCidrBlock: secondary IPv6 blocks are not modelled (docs/compatibility.md).
    code, status, message = "IllegalParam.Ipv6CidrBlock", 400, "The parameter of Ipv6CidrBlock is illegal."


class VSwitchIpv6NotEnabled(ApiError):
    # ModifyVSwitchAttribute: "you can set this parameter only when the IPv6 feature is enabled for the VPC".
    code, status, message = "OperationFailed.IPv6NotEnabled", 400, "The IPv6 feature is not enabled for the VPC."
# --- CreateInstance / RunInstances options (E-CI, E-RI error tables); DeleteInstance's protection (E-DEL) ---
class PasswordMalformed(ApiError):
    code, status, message = "InvalidPassword.Malformed", 400, 'The specified parameter "Password" is not valid.'


class PasswordInheritConflict(ApiError):
    code, status = "InvalidPasswordParam.Mismatch", 400
    message = "The input password should be null when passwdInherit is true."


class InstanceNameSuffixExceed(ApiError):
    code, status = "InvalidParams.InstanceNameExceed", 403
    message = "The uniqueSuffix takes three naming places, please shorten your InstanceName."


class HostNameSuffixExceed(ApiError):
    code, status = "InvalidParams.HostnameExceed", 403
    message = "The uniqueSuffix takes three naming places, please shorten your Hostname."


class AutoReleaseTimeMalformed(ApiError):
    code, status = "InvalidAutoReleaseTime.Malformed", 400
    message = "The specified parameter AutoReleaseTime is not valid."


class PeriodMissing(ApiError):
    # The documented code is spelled MissingParamter (sic): clients match on it.
    code, status, message = "MissingParamter", 400, 'The specified parameter "Period" is not null.'


class PeriodInvalid(ApiError):
    code, status, message = "InvalidPeriod", 400, "The specified period is not valid."


class ResourceGroupNotFound(ApiError):
    code, status = "InvalidResourceGroup.NotFound", 404
    message = "The ResourceGroup provided does not exist in our records."


class RamRoleClassicNotSupported(ApiError):
    code, status = "InvalidNetworkType.MismatchRamRole", 403
    message = "A RAM role can't be used for classic instance."


class RamRoleNotFound(ApiError):
    code, status, message = "InvalidRamRole.NotFound", 404, 'The specified parameter "RAMRoleName" does not exist.'


class DeploymentSetNotFound(ApiError):
    code, status, message = "DeploymentSet.NotFound", 404, "The specified deployment set does not exist."


class HpcClusterNotFound(ApiError):
    code, status, message = "InvalidHpcClusterId.NotFound", 400, "The specified HpcClusterId is not found"


class SpotStrategyInvalid(ApiError):
    code, status, message = "InvalidSpotStrategy", 400, "The specified SpotStrategy is not valid."


class SpotPriceLimitInvalid(ApiError):
    # "SpotPriceLimitis" (sic), as documented.
    code, status, message = "InvalidSpotPriceLimit", 400, "The specified SpotPriceLimitis not valid."


class SpotDurationInvalid(ApiError):
    code, status, message = "InvalidSpotDuration", 400, "The specified SpotDuration is not valid."


class SpotPrepaid(ApiError):
    code, status, message = "InvalidSpotPrepaid", 400, "The specified Spot type is not support PrePay Instance."


class SpotInterruptionBehaviorInvalid(ApiError):
    # The table prints "%s"; the wording is ours (docs/compatibility.md).
    code, status = "InvalidSpotInterruptionBehavior", 400
    message = 'The specified parameter "SpotInterruptionBehavior" is not valid.'


class SpotClassicNotSupported(ApiError):
    code, status = "InvalidSpotInterruptionBehavior.ClassicNetworkNotSupport", 403
    message = "The specified SpotInterruptionBehavior does not support Classic network Instance."


class CreditSpecificationInvalid(ApiError):
    code, status = "InvalidParameter.CreditSpecification", 400
    message = "The specified CreditSpecification is not supported in this region."


class IoOptimizeInvalid(ApiError):
    code, status, message = "InvalidIoOptimize.ValueNotSupported", 400, "The specified IoOptimize is not valid."


class IoOptimizedRequired(ApiError):
    code, status = "DependencyViolation.IoOptimized", 404
    message = "The specified instancetype must be IoOptimized instance."


class IoOptimizedValueNotSupported(ApiError):
    # CreateInstance's code for an IoOptimized other than none / optimized (RunInstances': IoOptimizeInvalid).
    code, status, message = "InvalidIoOptimizedValue.ValueNotSupported", 400, "IoOptimized value not supported."


class IoOptimizedTypeNotSupported(ApiError):
    # IoOptimized=optimized for a type that has no I/O optimized instances (ecs.t1.small).
    code, status = "IoOptimized.NotSupported", 404
    message = "The specified instancetype is not support IoOptimized instance"


class SecurityGroupIdsConflict(ApiError):
    # "SecurityGroupId and SecurityGroupIds.N cannot be specified at the same time" (RunInstances); the
    # table answers InvalidParameter.Conflict with "%s": the wording is ours.
    code, status = "InvalidParameter.Conflict", 400
    message = "The parameters SecurityGroupId and SecurityGroupIds.N cannot be specified at the same time."


class TooManySecurityGroups(ApiError):
    code, status, message = "InvalidSecurityGroupId.LimitExceeded", 400, "The security group limit exceeded."





class DeletionProtected(ApiError):
    # DeleteInstance's table prints "%s"; the wording is ours (docs/compatibility.md).
    code, status = "InvalidOperation.DeletionProtection", 403
    message = "The instance has deletion protection enabled; disable it before releasing the instance."


# --- Account conditions (domain/account_conditions.py): billing, authorizations, stock and quotas an account
# meets when it buys, set per account through the admin API. CreateInstance's error table unless a comment
# names RunInstances', CreateDisk's or StartInstance's; "%s" messages are worded here (docs/compatibility.md). ---
class AccountArrearage(ApiError):
    # CreateInstance and CreateDisk word it so.
    code, status, message = "Account.Arrearage", 400, "Your account has an outstanding payment."


class AccountInArrears(ApiError):
    # RunInstances' wording of the same code.
    code, status, message = "Account.Arrearage", 400, "Your account has been in arrears."


class NotEnoughBalance(ApiError):
    # A pay-as-you-go purchase (CreateInstance, CreateDisk) while the balance is short.
    code, status, message = "InvalidAccountStatus.NotEnoughBalance", 403, "Your account does not have enough balance."


class InsufficientBalance(ApiError):
    # RunInstances and StartInstance(s): a pay-as-you-go instance started while the balance is short.
    code, status, message = "InsufficientBalance", 403, "Your account does not have enough balance."


class InvalidPayMethod(ApiError):
    # "If you set this parameter to PrePaid, make sure that you have sufficient balance or credit within your
    # account. Otherwise, an InvalidPayMethod error is returned." (CreateInstance, InstanceChargeType)
    code, status, message = "InvalidPayMethod", 403, "The specified pay method is not valid."


class PaymentMethodNotFound(ApiError):
    code, status, message = "PaymentMethodNotFound", 404, "No payment method has been registered on the account."


class RealNameUnverified(ApiError):
    code, status = "RealNameAuthenticationError", 403
    message = "Your account has not passed the real-name authentication yet."


class CardVerificationRequired(ApiError):
    code, status = "SecurityRisk.3DVerification", 403
    message = ("We have detected a security risk with your default credit or debit card. Please proceed with "
               "verification via the link in your email.")  # fmt: skip


class IllegalPaymentPolicy(ApiError):
    code, status = "OperationDenied.IllegalPaymentPolicy", 400
    message = ("The current payment policy is illegal, please connect your service provider to authenticate "
               "relative agreement.")  # fmt: skip


class UserOperationUnsupported(ApiError):
    code, status, message = "OperationDenied", 400, "The current user does not support this operation."


class RegionUnauthorized(ApiError):
    code, status, message = "RegionUnauthorized", 403, "There is no authority to create instance in the specified region."


class RegionOperationUnauthorized(ApiError):
    # CreateDisk's table ("%s"): "you are not authorized to perform the operation in the specified region".
    code, status, message = "RegionUnauthorized", 400, "There is no authority to create {resource} in the region {region}."


class RegionSalesSuspended(ApiError):
    code, status = "OperationDenied", 403
    message = "Sales of this resource are temporarily suspended in the specified region; please try again later."


class RegionResourceControl(ApiError):
    # RunInstances' code for the same condition.
    code, status, message = "OperationDenied.ResourceControl", 403, "The specified region is in resource control, please try later."


class ZoneNotOpen(ApiError):
    code, status, message = "Zone.NotOpen", 403, "The specified zone is not granted to you to buy resources yet."


class ZoneNotAvailable(ApiError):
    # CreateDisk's table, for a zone not granted to the account.
    code, status, message = "OperationDenied", 400, "The specified Zone is not available or not authorized."


class ZoneNotOnSale(ApiError):
    code, status, message = "Zone.NotOnSale", 403, "The specified zone is not available for purchase."


class ZoneNoLongerOnSale(ApiError):
    # RunInstances' wording of the same code.
    code, status = "Zone.NotOnSale", 403
    message = "The resource in the specified zone is no longer available for sale. Please try other regions and zones."


class ResourceNotOnSale(ApiError):
    # "%s": "the requested resources are unavailable in the specified zone" (CreateInstance, CreateDisk).
    code, status, message = "Zone.NotOnSale", 400, "The requested {resource} is not on sale in the zone {zone}."


class ZoneCreationDenied(ApiError):
    code, status, message = "OperationDenied", 403, "The creation of Instance to the specified Zone is not allowed."


class ZoneNotAllowed(ApiError):
    # RunInstances' code for the same condition.
    code, status, message = "OperationDenied.ZoneNotAllowed", 403, "The creation of Instance to the specified Zone is not allowed."


class VpcNotAvailableInZone(ApiError):
    # "VPC is not supported by the specified region or zone." CreateVpc's table words the same code for a region
    # with no zone for a vSwitch: "You cannot create a vSwitch in the current region or zone."
    code, status, message = "ResourceNotAvailable", 400, "Resource you requested is not available in this region or zone."


class VpcNotAvailableInRegion(ApiError):
    # CreateVpc: "%s" on the 2019 page; the current page words it as ResourceNotAvailable.
    code, status = "ResourceNotAvailable.Vpc", 400
    message = "Resource you requested is not available in this region or zone."


# The disks' KMS keys (CreateInstance, RunInstances and CreateDisk word these alike).
class KmsUnauthorized(ApiError):
    code, status, message = "InvalidParameter.KMSKeyId.KMSUnauthorized", 403, "ECS service have no right to access your KMS."


class KmsKeyNotFound(ApiError):
    code, status, message = "InvalidParameter.KMSKeyId.NotFound", 404, "The specified KMSKeyId does not exist."


class KmsKeyNotEnabled(ApiError):
    # "the customer master key (CMK) is not enabled when a KMS key ID is specified for a disk"
    code, status, message = "InvalidParameter.KMSKeyId.CMKNotEnabled", 403, "The CMK needs to be enabled."


class ByokRegionNotSupported(ApiError):
    code, status, message = "InvalidRegion.NotSupport", 403, "The specified region does not support byok."


class ByokNotWhitelisted(ApiError):
    # CreateDisk's table also words the code "The user is not in disk white list." (not a key's).
    code, status, message = "UserNotInTheWhiteList", 403, "The user is not in byok white list."


# An instance locked for security reasons (OperationLocks "security"): each action's table words the code.
class InstanceLockedForSecurity(ApiError):
    # DeleteInstance, StartInstance, StopInstance, RebootInstance, ModifyInstanceAttribute, ModifyInstanceSpec,
    # ModifyInstanceNetworkSpec, AllocatePublicIpAddress, JoinSecurityGroup, LeaveSecurityGroup.
    code, status = "InstanceLockedForSecurity", 403
    message = "The specified operation is denied as your instance is locked for security reasons."


class DiskInstanceLockedForSecurity(ApiError):
    # AttachDisk, DetachDisk, ResizeDisk, ReplaceSystemDisk.
    code, status, message = "InstanceLockedForSecurity", 403, "The instance is locked due to security."


class SnapshotInstanceLockedForSecurity(ApiError):
    # CreateSnapshot of a disk attached to a locked instance.
    code, status, message = "InstanceLockedForSecurity", 403, "The disk attached instance is locked due to security."


class ImageInstanceLockedForSecurity(ApiError):
    # CreateImage's table gives the instance wording with 400.
    code, status = "InstanceLockedForSecurity", 400
    message = "The specified operation is denied as your instance is locked for security reasons."


class InstanceTypeUnauthorized(ApiError):
    code, status, message = "InvalidInstanceType.ValueUnauthorized", 400, "The specified InstanceType is not authorized."


class InstanceFamilyUnauthorized(ApiError):
    # The table's second wording of the code (sic "authorize"), answered for a whole family not authorized.
    code, status, message = "InvalidInstanceType.ValueUnauthorized", 400, "The specified InstanceType is not authorize."


class InstanceTypeOffline(ApiError):
    # "%s": "the instance type is retired or resources of the instance type are insufficient".
    code, status, message = "InstanceType.Offline", 403, "The instance type {instance_type} is offline."


class InstanceTypeZoneNotSupported(ApiError):
    code, status = "InvalidInstanceType.ZoneNotSupported", 403
    message = "The specified zone does not support this instancetype."


class NoStock(ApiError):
    code, status = "OperationDenied.NoStock", 403
    message = ("The requested resource is sold out in the specified zone; try other types of resources or other "
               "regions and zones.")  # fmt: skip


class SystemDiskCategoryUnauthorized(ApiError):
    code, status, message = "InvalidSystemDiskCategory.ValueUnauthorized", 403, "The disk category is not authorized."


class DiskCategoryUnauthorized(ApiError):
    # CreateDisk's table; also a data disk of CreateInstance / RunInstances (their tables name the system disk's).
    code, status, message = "InvalidDiskCategory.ValueUnauthorized", 403, "The disk category is not authorized."


class SpotUnauthorized(ApiError):
    code, status, message = "InvalidSpotAliUid", 400, "The specified UID is not authorized to use SPOT instance."


class SpotDurationUnauthorized(ApiError):
    # "you are not authorized to set the SpotDuration parameter"
    code, status, message = "InvalidSpotAuthorized", 400, "The specified Spot param is unauthorized."


class UserDataForbidden(ApiError):
    code, status = "InvalidUserData.Forbidden", 403
    message = 'User not authorized to input the parameter "UserData", please apply for permission "UserData"'


class AfterpayInstanceQuotaFull(ApiError):
    # A quota of no pay-as-you-go instance at all.
    code, status, message = "QuotaExceed.AfterpayInstance", 400, "The maximum number of Pay-As-You-Go instances is exceeded."


class AfterpayInstanceQuotaExceeded(ApiError):
    # A quota the account's instances and the ones asked for go beyond.
    code, status = "QuotaExceed.AfterpayInstance", 400
    message = "The maximum number of Pay-As-You-Go instances is exceeded: {detail}"


class AfterpayInstanceQuotaRun(ApiError):
    # RunInstances' wording of the code.
    code, status, message = "QuotaExceed.AfterpayInstance", 400, "Living afterpay instances quota exceeded."


class PostPaidDiskQuotaExceeded(ApiError):
    code, status, message = "QuotaExceed.PostPaidDisk", 403, "Living postPaid disks quota exceeded."


class PortableDiskQuotaExceeded(ApiError):
    code, status, message = "QuotaExceed.PortableCloudDisk", 403, "The quota of portable cloud disk exceeds."


class VpcInstanceQuotaExceeded(ApiError):
    code, status, message = "QuotaExceeded", 400, "Living instances quota exceeded in this VPC."


class PrivateIpQuotaExceeded(ApiError):
    # The second wording (with a full stop) of PrivateIpExhausted's code: a private IP quota of the vSwitch.
    code, status, message = "QuotaExceeded.PrivateIpAddress", 400, "Don't have enough private IPs in this switch."


class ElasticQuotaNone(ApiError):
    # A quota of 0 for the instance type; ElasticQuotaTypeExceeded: a quota reached.
    code, status, message = "QuotaExceed.ElasticQuota", 403, "No additional quota is available for the specified ECS instance type."


class ElasticQuotaTypeExceeded(ApiError):
    code, status = "QuotaExceed.ElasticQuota", 403
    message = "The number of the specified ECS instances has exceeded the quota of the specified instance type."


class ElasticQuotaVcpuExceeded(ApiError):
    code, status = "QuotaExceed.ElasticQuota", 403
    message = "The number of vCPUs assigned to the ECS instances has exceeded the quota in the zone."


class ElasticQuotaExceeded(ApiError):
    # Both the instance type's quota and the zone's vCPU quota are exceeded.
    code, status = "QuotaExceed.ElasticQuota", 403
    message = ("The number of the specified ECS instances has exceeded the quota of the specified instance type, or "
               "the number of vCPUs assigned to the ECS instances has exceeded the quota in the zone.")  # fmt: skip


# --- Instance attribute actions (ModifyInstanceAttribute, ModifyInstanceVpcAttribute, AllocatePublicIpAddress,
# the RAM-role, charge-type, spec, auto-renew, maintenance and deployment actions; their error tables) ---
class InstanceVpcOnly(ApiError):
    # ModifyInstanceVpcAttribute: "Specified operation is denied as your instance is not in VPC."
    code, status, message = "OperationDenied", 400, "Specified operation is denied as your instance is not in VPC."


class VSwitchZoneMismatchForInstance(ApiError):
    # ModifyInstanceVpcAttribute: the new vSwitch must be in the instance's zone.
    code, status = "InvalidVSwitchId.Mismatch", 400
    message = "Specified instance and virtual switch are not in the same zone."


class VSwitchNotInInstanceVpc(ApiError):
    # ModifyInstanceVpcAttribute without VpcId: "Specified virtual switch is not found in current VPC."
    code, status, message = "InvalidVSwitchId.NotFound", 404, "Specified virtual switch is not found in current VPC."


class PrivateIpMismatch(ApiError):
    code, status = "InvalidPrivateIpAddress.Mismatch", 400
    message = "Specified private IP address is not in the CIDR block of virtual switch."


class PrivateIpChanging(ApiError):
    # "After the private IP address or vSwitch is changed, restart the instance before you call this again."
    code, status, message = "InvalidPrivateIp.Changing", 400, "Previous action is not finished yet."


class VpcInstanceStatusIncorrect(ApiError):
    # ModifyInstanceVpcAttribute's table answers IncorrectInstanceStatus with 400 (the common one is 403).
    code, status = "IncorrectInstanceStatus", 400
    message = "The current status of instance does not support this operation."


# --- VPC 2016-04-28 elastic IP addresses (AllocateEipAddress, AssociateEipAddress, UnassociateEipAddress,
# ReleaseEipAddress, DescribeEipAddresses, ModifyEipAddressAttribute: each reference page's error table) ---
class EipNotFound(ApiError):
    code, status, message = "InvalidAllocationId.NotFound", 404, "Specified allocation ID is not found"


class IncorrectEipStatus(ApiError):
    # ReleaseEipAddress, UnassociateEipAddress, ModifyEipAddressAttribute (with the period).
    code, status, message = "IncorrectEipStatus", 400, "Current elastic IP status does not support this operation."


class AssociateIncorrectEipStatus(ApiError):
    # AssociateEipAddress's table prints the same message without the period.
    code, status, message = "IncorrectEipStatus", 400, "Current elastic IP status does not support this operation"


class EipAssociationDuplicated(ApiError):
    code, status, message = "InvalidAssociation.Duplicated", 400, "Specified instance already is associated."


class EipInstanceNotInVpc(ApiError):
    code, status, message = "OperationDenied", 400, "Specified instance is not in VPC."


class EipInstanceNotFound(ApiError):
    # AssociateEipAddress's table spells the code "InvalidInstanId" (typo kept: it is the wire code).
    code, status, message = "InvalidInstanId.NotFound", 404, "Specified instance does not exist."


class UnassociateInstanceNotFound(ApiError):
    code, status, message = "InvalidInstanceId.NotFound", 400, "Specified instance does not exist."


class EipIncorrectInstanceStatus(ApiError):
    code, status, message = "IncorrectInstanceStatus", 400, "Current instance status does not support this operation."


class UnassociateIncorrectInstanceStatus(ApiError):
    code, status = "IncorrectInstanceStatus", 400
    message = "The current status of instance does not support this operation."


class PublicIpAllocatedAlready(ApiError):
    code, status = "AllocatedAlready", 403
    message = "There is an IpAddress allocated already for the specified instance."


class PublicIpInUse(ApiError):
    code, status, message = "IpInUse", 403, "The specified IP is already in use."


class PublicIpNoBandwidth(ApiError):
    # AllocatePublicIpAddress on an instance without outbound bandwidth; the wording is ours
    # (docs/compatibility.md): the reference lists no code for it.
    code, status = "InvalidInternetMaxBandwidthOut.ValueNotSupported", 403
    message = "The instance has no public bandwidth (InternetMaxBandwidthOut is 0); set it with ModifyInstanceNetworkSpec first."


class RamRoleAlreadyAttached(ApiError):
    # One RAM role per instance (AttachInstanceRamRole's per-instance result code).
    code, status = "InvalidInstance.RamRoleAttached", 403
    message = "The specified instance has attached a RAM role already."


class RamRoleNotAttached(ApiError):
    # DetachInstanceRamRole naming a role the instance does not carry (per-instance result code).
    code, status = "InvalidRamRole.NotEqual", 403
    message = "The specified RAMRoleName does not match the instance's RAM role."


class AutoRenewDurationInvalid(ApiError):
    code, status, message = "InvalidDuration.ValueNotSupported", 400, "The specified Duration is not valid."


class ChargeTypeUnchanged(ApiError):
    # ModifyInstanceChargeType to the charge type the instance already has.
    code, status = "InvalidInstanceChargeType.ValueNotSupported", 403
    message = "The instance is already of the specified InstanceChargeType."


class MaintenanceWindowInvalid(ApiError):
    code, status, message = "InvalidParameter.MaintenanceWindow", 400, "The specified MaintenanceWindow is not valid."


class PrivatePoolNotFound(ApiError):
    # No private pools (elasticity assurances, capacity reservations) exist in the emulator.
    code, status, message = "InvalidPrivatePoolId.NotFound", 404, "The specified PrivatePoolOptions.Id does not exist."


class DedicatedHostNotFound(ApiError):
    code, status, message = "InvalidDedicatedHostId.NotFound", 404, "The specified DedicatedHostId does not exist."


class InstanceTypeUnchanged(ApiError):
    # ModifyPrepayInstanceSpec: OperatorType upgrade / downgrade must change the size in that direction.
    code, status, message = "InvalidOperatorType.Mismatch", 400, "The specified OperatorType does not match the InstanceType."



class ClassicInstanceNotSupported(ApiError):
    # ModifyInstanceAttribute SecurityGroupIds.N / EnableJumboFrame: "not supported for classic network instances".
    code, status, message = "InvalidInstanceId.NotSupport", 403, "Classic network Instance does not support this operation."
class EipInstanceTypeNotSupported(ApiError):
    code, status = "InvalidInstanceType.ValueNotSupported", 400
    message = "The specified value of InstanceType is not supported."


class EipBandwidthInvalid(ApiError):
    code, status, message = "InvalidParameter", 400, 'Specified value of "Bandwidth" is not valid.'


class EipInternetChargeTypeInvalid(ApiError):
    code, status, message = "InvalidParameter", 400, 'Specified value of "InternetChargeType" is not valid'


class EipModifyBandwidthInvalid(ApiError):
    # ModifyEipAddressAttribute's wording.
    code, status, message = "InvalidParameter", 400, 'Specified value of "Bandwidth" is not supported.'


class EipQuotaExceeded(ApiError):
    code, status, message = "QuotaExceeded.Eip", 400, "Elastic IP address quota exceeded"


class EipPrepaidRelease(ApiError):
    code, status, message = "Forbidden.ChargeTypeIsPrepaid", 400, "It's forbidden to release a prepaid EIP"


class EipReserveFailed(ApiError):
    # An IpAddress that is not the region's or is taken.
    code, status, message = "ReserveIpFail", 400, "Reserve eip failed."


class EipParameterInvalid(ApiError):
    # "The specified parameter is not valid." (AssociateEipAddress): e.g. a PrivateIpAddress the ENI lacks.
    code, status, message = "InvalidParameter", 400, "The specified parameter is not valid."


# --- ECS 2014-05-26 elastic network interfaces (CreateNetworkInterface, AttachNetworkInterface,
# DetachNetworkInterface, DeleteNetworkInterface, ModifyNetworkInterfaceAttribute, DescribeNetworkInterfaces,
# Assign/UnassignPrivateIpAddresses, Assign/UnassignIpv6Addresses). The current tables print "%s" for most
# messages; these are the messages of the earlier tables that spelled them out (docs/compatibility.md). ---
class EniNotFound(ApiError):
    code, status, message = "InvalidEniId.NotFound", 404, "The specified EniId is not found."


class EniInstanceNotFound(ApiError):
    code, status, message = "InvalidEcsId.NotFound", 404, "The specified EcsId is not found."


class EniVSwitchNotFound(ApiError):
    code, status, message = "InvalidVSwitchId.NotFound", 404, "The specified VSwitchId is not found."


class EniSecurityGroupNotFound(ApiError):
    code, status, message = "InvalidSecurityGroupId.NotFound", 404, "The specified SecurityGroupId is not found."


class EniSecurityGroupNotVpc(ApiError):
    code, status, message = "InvalidSecurityGroupId.NotVpc", 403, "The specified SecurityGroupId not in VPC."


class EniZoneMismatch(ApiError):
    code, status = "InvalidOperation.AvailabilityZoneMismatch", 403
    message = "The VPC VSwitch of the specified ENI and ECS instance are not in the same availability zone."


class EniVpcMismatch(ApiError):
    code, status = "InvalidOperation.VpcMismatch", 403
    message = "The VPC of the specified ENI and security group are not in the same VPC."


class EniInvalidEcsState(ApiError):
    code, status, message = "InvalidOperation.InvalidEcsState", 400, "The operation is not allowed in the current ECS state."


class EniInvalidState(ApiError):
    code, status = "InvalidOperation.InvalidEniState", 400
    message = 'The operation is not allowed in the current ENI state. Expecting status is "{expected}" while current status is "{current}".'


class EniDetachPrimary(ApiError):
    code, status = "InvalidOperation.DetachPrimaryEniNotAllowed", 400
    message = "Detaching primary ENI from ECS instance is not allowed."


class EniPerInstanceLimitExceeded(ApiError):
    code, status = "EniPerInstanceLimitExceeded", 403
    message = "The number of ENI exceeds the limit for the type of instance you are trying to launch."


class EniInvalidType(ApiError):
    code, status, message = "InvalidOperation.InvalidEniType", 403, "The operation is not allowed in the current ENI type."


class EniIpNotInVSwitch(ApiError):
    code, status = "InvalidVSwitchId.IpInvalid", 403
    message = 'The specified IpAddress "{ip}" is not valid in VSwitch CIDR block "{cidr}".'


class EniIpNotEnough(ApiError):
    # "%s" in every table; worded from the table's description of it.
    code, status, message = "InvalidVSwitchId.IpNotEnough", 403, "The specified VSwitch has not enough IpAddress."


class EniIpUnassigned(ApiError):
    code, status, message = "InvalidIp.IpUnassigned", 403, 'The specified IP "{ip}" is not assigned on this ENI.'


class EniIpRepeated(ApiError):
    code, status, message = "InvalidIp.IpRepeated", 403, 'The specified ipAddress "{ip}" is(are) repeated.'


class EniIpv4CountExceeded(ApiError):
    # "%s" in the table; worded like its Ipv6CountExceeded sibling.
    code, status = "InvalidOperation.Ipv4CountExceeded", 403
    message = "The number of eni {eni} ipv4 address exceeds the limit({limit}). Assigned:{assigned}. Expecting assign:{wanted}."


class EniIpv6CountExceeded(ApiError):
    code, status = "InvalidOperation.Ipv6CountExceeded", 403
    message = "The number of eni {eni} ipv6 address exceeds the limit({limit}). target instanceType {type}. Assigned:{assigned}. Expecting assign:{wanted}."


class EniIpv6NotTurnOn(ApiError):
    code, status, message = "InvalidVSwitch.Ipv6NotTurnOn", 403, 'The specified VSwitch "{vswitch}" ipv6 function not turn on.'


class EniIpAddressInvalid(ApiError):
    code, status, message = "InvalidIp.Address", 403, 'The specified ipAddress "{ip}" is invalid.'


class EniParameterConflict(ApiError):
    # PrivateIpAddress.N with SecondaryPrivateIpAddressCount, Ipv6Address.N with Ipv6AddressCount, SecurityGroupId
    # with SecurityGroupIds.N: "cannot be specified at the same time" (the request tables).
    code, status, message = "InvalidParameter.Conflict", 400, "The specified parameter {name} is conflicted."


# --- The core actions' remaining documented errors (docs/errors.md; CreateInstance, DeleteInstance,
# EnableVpcClassicLink, AttachClassicLinkVpc and CreateVpc error tables, wording as each table gives it) ---
class NodeControllerIdMalformed(ApiError):
    # Node controllers (the physical host a classic instance lands on) are not modelled: any value is unknown.
    code, status, message = "InvalidNodeControllerId.Malformed", 400, 'The specified parameter "NodeControllerId" is not valid.'


class VlanIdDenied(ApiError):
    code, status = "OperationDenied", 400
    message = 'The specified parameter "VlanId" is not valid or vlan has not enough IP address.'


class ClusterIdNotFound(ApiError):
    code, status, message = "InvalidClusterId.NotFound", 404, "The ClusterId provided does not exist in our records."


class TenancyInvalid(ApiError):
    code, status, message = "InvalidParam.Tenancy", 400, "The specified Tenancy is invalid."


class CreateDedicatedHostNotFound(ApiError):
    code, status, message = "InvalidDedicatedHostId.NotFound", 400, "The specified DedicatedHostId does not exist."


class ClassicOnDedicatedHost(ApiError):
    code, status = "InvalidNetworkType.NotSupported", 400
    message = "The classic networkType not support create ECS on dedicatedHost"


class PrivatePoolIdMissing(ApiError):
    code, status, message = "MissingParameter.PrivatePoolOptionsId", 400, "The specified PrivatePoolOptions.Id should not be null."


class PrivatePoolIdInvalid(ApiError):
    code, status, message = "Invalid.PrivatePoolOptionsId", 400, "The specified PrivatePoolOptions.Id is invalid."


class PrivatePoolIdNotTarget(ApiError):
    code, status = "Invalid.PrivatePoolOptionsId", 400
    message = "The parameter PrivatePoolOptions.Id should be null when PrivatePoolOptions.MatchCriteria is not Target."


class HttpEndpointNotSupported(ApiError):
    code, status = "InvalidHttpEndpoint.NotSupported", 400
    message = "The specified HttpEndpoint not supported, you can use enabled(default) or disabled."


class HttpTokensNotSupported(ApiError):
    code, status = "InvalidHttpTokens.NotSupported", 400
    message = "The specified HttpTokens not supported, you can use optional(default) or required."


class HopLimitNotSupported(ApiError):
    code, status = "InvalidHttpPutResponseHopLimit.NotSupported", 400
    message = "The specified HttpPutResponseHopLimit not supported, more than 1 and less than 64 is reasonable."


class PeriodUnitNotSupported(ApiError):
    code, status, message = "InvalidPeriodUnit.ValueNotSupported", 400, "The specified parameter PeriodUnit is not valid."


class AutoRenewPeriodNotSupported(ApiError):
    code, status, message = "InvalidAutoRenewPeriod.ValueNotSupported", 400, "The specified autoRenewPeriod is not valid."


class BandwidthInvalid(ApiError):
    code, status, message = "InvalidParameter.Bandwidth", 400, "The specified parameter Bandwidth is not valid."


class HpcClusterNecessary(ApiError):
    code, status, message = "InvalidHpcClusterId.Necessary", 400, "The HpcClusterId is necessary."


class HpcClusterUnnecessary(ApiError):
    code, status, message = "InvalidHpcClusterId.Unnecessary", 400, "The specified HpcClusterId is unnecessary."


class WindowsKeyPair(ApiError):
    code, status = "DependencyViolation.WindowsInstance", 403
    message = "The instance creating is window, cannot use ssh key pair to login."


class UserDataNotSupported(ApiError):
    code, status = "InvalidUserData.NotSupported", 400
    message = 'The specified parameter "UserData" only support the vpc and IoOptimized Instance.'


class DataDeviceMalformed(ApiError):
    code, status, message = "InvalidDataDevice.Malformed", 400, 'The specified parameter "DataDisk.n.Device" is not valid.'




class KmsKeyWithoutEncryption(ApiError):
    code, status = "InvalidParameter.EncryptedIllegal", 400
    message = "The specified parameter Encrypted must be true when kmsKeyId is not empty."


class KmsKeyNeedsIoOptimized(ApiError):
    code, status = "IoOptimized.NotSupported", 400
    message = "The specified instance must be IoOptimized instance when kmsKeyId is not empty."


class SpotZoneEmpty(ApiError):
    code, status, message = "InvalidSpotParam.EmptyZoneID", 400, "The specified ZoneId is empty when SpotStrategy is set."


class InstanceUsedByRouteEntry(ApiError):
    code, status, message = "DependencyViolation.RouteEntry", 400, "Specified instance is used by route entry."


class DeleteInstanceIdInvalid(ApiError):
    code, status, message = "InvalidParameter", 400, "The input parameter InstanceId is invalid."


class EnableClassicLinkForbidden(ApiError):
    code, status, message = "Forbidden.EnableClassicLink", 400, "the specified resource does not support this operation."


class InstanceLocked(ApiError):
    # The 2019 wording (E-ATT-19), the set the emulator follows for AttachClassicLinkVpc.
    code, status, message = "InvalidStatus.InstanceLocked", 403, "The specified instance is locked,please wait more."


class UserCidrFormat(ApiError):
    code, status, message = "InvalidParameter", 400, "Specified UserCidr invalid format."


class UserCidrQuota(ApiError):
    code, status, message = "InvalidUserCidr.Quota", 400, "Specified UserCidr number is greater than 3."


class UserCidrInSharedRange(ApiError):
    code, status, message = "InvalidUserCidr.Malformed", 400, "Specified UserCidr overlapping in of 100.64.0.0/10."


# --- Default VPC and default vSwitches (CreateDefaultVpc, CreateDefaultVSwitch) ---
# The documented rules: "Only one default VPC can exist in a region"; "If a default vSwitch already exists in a
# zone of the specified region, the call to this operation fails"; "Before you create a default vSwitch, create
# a default VPC first". The codes and texts are ours (docs/compatibility.md): the pages' error tables were not
# at hand.
class DefaultVpcExists(ApiError):
    code, status, message = "OperationFailed.DefaultVpcExist", 400, "The default VPC already exists in this region."


class DefaultVpcNotExist(ApiError):
    code, status, message = "OperationFailed.DefaultVpcNotExist", 400, "The default VPC does not exist in this region."


class DefaultVSwitchExists(ApiError):
    code, status, message = (
        "OperationFailed.DefaultVSwitchExist", 400, "The default vSwitch already exists in this zone.",
    )


class DefaultVSwitchCidrExhausted(ApiError):
    code, status, message = (
        "OperationFailed.DefaultVSwitchCidrExhausted", 400, "No free CIDR block is left in the default VPC.",
    )


# --- CreateInstance / RunInstances: network, RAM-role and launch-ENI errors (docs/errors.md; each table's wording;
# "%s" rows worded after the table's description of them, docs/compatibility.md) ---
class CreateInstanceChargeTypeNotFound(ApiError):
    # CreateInstance and RunInstances word it without the final period the attribute actions' tables give it.
    code, status, message = "InvalidInstanceChargeType.NotFound", 404, "The InstanceChargeType does not exist in our records"


class PrivateIpUsedByOther(ApiError):
    # A PrivateIpAddress an ENI already holds (an instance's own address is InvalidPrivateIpAddress.Duplicated).
    code, status, message = "InvalidIPAddress.AlreadyUsed", 400, "The specified IPAddress is already used by other resource."


class KeyPairNeedsIoOptimized(ApiError):
    code, status = "InvalidInstanceType.ValueNotSupported", 400
    message = 'The specified parameter "KeyPairName" only support IoOptimized Instance.'


class ImageIdAndFamily(ApiError):
    # "ImageFamily must be empty if ImageId is specified" (CreateInstance, RunInstances: ImageFamily).
    code, status = "InvalidParameter.NotMatch", 403
    message = 'The specified parameter "ImageFamily" must be empty when "ImageId" is specified.'


class CreateTagQuotaExceeded(ApiError):
    # More than the 20 tags Tag.N allows on the new resources (CreateInstance, RunInstances: Tag.N, N 1 to 20).
    code, status, message = "QuotaExceed.Tags", 403, "The number of tags exceeds the quota of 20 per resource."


class CreateGroupInstanceLimit(ApiError):
    # The CreateInstance spelling (JoinSecurityGroup's is SecurityGroupInstanceLimitExceeded).
    code, status, message = "SecurityGroupInstanceLimitExceed", 403, "The maximum number of instances in a security group is exceeded."


class RunGroupInstanceLimit(ApiError):
    code, status, message = "SecurityGroupInstanceLimitExceed", 403, "Exceeding the allowed amount of instances of a security group."


class MixedSecurityGroupTypes(ApiError):
    # Basic (normal) and advanced (enterprise) security groups together in SecurityGroupIds.N.
    code, status, message = "EnterpriseGroupLimited.MutliGroupType", 403, "The specified instance can not join multi SecurityGroup types."


class SpotPriceBelowMarket(ApiError):
    # Sic: CreateInstance's table spells the parameter "soptPriceLimit".
    code, status = "InvalidSpotPriceLimit.LowerThanPublicPrice", 400
    message = 'The specified parameter "soptPriceLimit" can\'t be lower than current public price.'


class RunSpotPriceBelowMarket(ApiError):
    code, status = "InvalidSpotPriceLimit.LowerThanPublicPrice", 400
    message = 'The specified parameter "spotPriceLimit" can\'t be lower than current public price.'


class NetworkTypeDenied(ApiError):
    # A parameter the classic network cannot take (PrivatePoolOptions.MatchCriteria, ENIs, IPv6).
    code, status = "OperationDenied.InvalidNetworkType", 403
    message = "The specified parameter {name} is not supported by the classic network type."


class InconsistentNetwork(ApiError):
    code, status = "OperationDenied.InconsistentNetwork", 403
    message = "The specified security group and vswitch are not in the same vpc."


class SecurityGroupNotInDefaultVpc(ApiError):
    # No VSwitchId: the instance goes to the default VPC, so its security group must be one of that VPC's.
    code, status, message = "InvalidSecurityGroup.NotInDefaultVpc", 400, "The specified security group is not in the default VPC."


class IncorrectDefaultVpcStatus(ApiError):
    code, status, message = "IncorrectDefaultVpcStatus", 400, "The status of the default VPC is invalid."


class DefaultVSwitchZoneUnavailable(ApiError):
    # CreateInstance's wording; the default VPC has no free block for the zone's default vSwitch.
    code, status = "InvalidVpcZone.NotSupported", 400
    message = "Zone of the specified VSwitch is not available for creating, please try in other zones."


class RunDefaultVSwitchZoneUnavailable(ApiError):
    code, status = "InvalidVpcZone.NotSupported", 400
    message = "The specified operation is not allowed in the zone to which your VPC belongs, please try in other zones."


class CreateRamRoleClassic(ApiError):
    # CreateInstance's wording (RunInstances and AttachInstanceRamRole: RamRoleClassicNotSupported).
    code, status, message = "InvalidNetworkType.MismatchRamRole", 403, "Ram role cannot be applied to instances of Classic network type."


class CreateRamRoleNotFound(ApiError):
    # CreateInstance's wording (RunInstances: RamRoleNotFound).
    code, status, message = "InvalidRamRole.NotFound", 404, "The specified RAMRoleName does not exist."


class RamRoleNotEcsRole(ApiError):
    # The role's trust policy does not let the ECS service (ecs.aliyuncs.com) assume it.
    code, status = "InvalidRamRole.NotEcsRole", 401
    message = "The specified ram role is not authorized for ecs, please check your role policy."


class PassRoleForbidden(ApiError):
    # A RAM user (or role session) whose policies do not allow ram:PassRole on the role.
    code, status, message = "InvalidUser.PassRoleForbidden", 403, "The RAM user does not have the privilege to pass a RAM role."


class LaunchNetworkInterfaceInvalid(ApiError):
    # RunInstances NetworkInterface.N: "%s"; worded after the description (check the parameter against the operation).
    code, status, message = "InvalidParam.NetworkInterface", 400, "The specified parameter {name} is not valid: {reason}."


class LaunchAmountInvalid(ApiError):
    # A fixed address or an existing ENI names one instance's: Amount must be 1 (RunInstances).
    code, status, message = "InvalidParam.Amount", 403, "The specified parameter Amount must be 1 when {name} is specified."


class Ipv6NotSupported(ApiError):
    code, status, message = "InvalidOperation.Ipv6NotSupport", 403, "The specified instance type {type} does not support IPv6."


class Ipv6Assigned(ApiError):
    code, status, message = "InvalidIp.IpAssigned", 403, 'The specified ipAddress "{ip}" is already assigned.'


class EniNotSupportedByType(ApiError):
    code, status = "InvalidInstanceType.ElasticNetworkInterfaceNotSupported", 400
    message = (
        "The specified instance type does not support Elastic Network Interface, you can not attach Elastic Network "
        "Interface to generation I instances."
    )


class DescribeLinksRegionMalformed(ApiError):
    # DescribeClassicLinkInstances' own table (2018 edition); Attach/Detach answer ClassicLinkRegionMalformed.
    code, status, message = "InvalidRegionId.Malformed", 400, "The specified RegionId is invalid."


class DisableClassicLinkForbidden(ApiError):
    # DisableVpcClassicLink in a region without the classic network, where EnableVpcClassicLink is refused too.
    code, status, message = "Forbbiden", 400, "the specified resource does not support this operation."

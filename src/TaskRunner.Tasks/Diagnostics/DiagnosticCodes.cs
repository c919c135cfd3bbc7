namespace TaskRunner.Tasks.Diagnostics;

/// <summary>
/// Stable diagnostic codes. TR1xxx: loading (version, aliases, templates, YAML); TR2xxx: task and step errors that acb
/// also rejects; TR3xxx: TaskRunner's own rules (acb accepts and misbehaves); TR4xxx: lints (warnings).
/// Codes are a contract: never renumber, only add. docs/diagnostics.md lists them.
/// </summary>
public static class DiagnosticCodes
{
    public const string FileNotFound = "TR1000";
    public const string InvalidVersion = "TR1001";
    public const string TemplateSyntax = "TR1002";
    public const string TemplateExecution = "TR1003";
    public const string YamlSyntax = "TR1004";
    public const string EmptyRender = "TR1005";
    public const string InvalidAliasBlock = "TR1006";
    public const string InvalidAliasName = "TR1007";
    public const string AliasSourceUnreadable = "TR1008";
    public const string InvalidValuesFile = "TR1009";
    public const string InvalidDirective = "TR1010";
    public const string YamlTooDeep = "TR1011";

    public const string NotAMapping = "TR2001";
    public const string WrongType = "TR2002";
    public const string StepKindMissing = "TR2003";
    public const string StepKindAmbiguous = "TR2004";
    public const string InvalidStepId = "TR2005";
    public const string ReservedStepId = "TR2006";
    public const string DuplicateStepId = "TR2007";
    public const string WhenMixesImmediateAndIds = "TR2008";
    public const string WhenUnknownStep = "TR2009";
    public const string EnvWithoutEquals = "TR2010";
    public const string NegativeValue = "TR2011";
    public const string UnknownVolume = "TR2012";
    public const string DuplicateMountPath = "TR2013";
    public const string VolumeMountOnPush = "TR2014";
    public const string InvalidVolumeName = "TR2015";
    public const string DuplicateVolume = "TR2016";
    public const string InvalidSecretContent = "TR2017";
    public const string MissingRequired = "TR2018";
    public const string InvalidCacheValue = "TR2019";
    public const string EmptyCommand = "TR2020";
    public const string NoSteps = "TR2021";
    public const string DuplicateSecret = "TR2023";
    public const string SecretWithoutSource = "TR2024";
    public const string InvalidClientId = "TR2025";
    public const string SecretIdWithSpace = "TR2026";
    public const string InvalidSecretFileName = "TR2027";
    public const string VolumeWithoutSecret = "TR2028";
    public const string EmptyVolumeSecret = "TR2029";
    public const string InvalidKeyVaultUrl = "TR2030";

    public const string WhenDuplicate = "TR3001";
    public const string WhenLaterStep = "TR3002";
    public const string WhenSelf = "TR3003";

    public const string UnknownKey = "TR4001";
    public const string PushNotBuilt = "TR4002";
    public const string ArchitectureMismatch = "TR4003";
    public const string CacheOnNonBuild = "TR4004";
    public const string UnrunnableBuildArguments = "TR4005";
    public const string EnvNameOnly = "TR4006";
    public const string DuplicateKey = "TR4007";
    public const string UnknownAlias = "TR4008";
    public const string AliasSwitch = "TR4009";
    public const string IgnoredText = "TR4010";
    public const string PlatformBuildCache = "TR4011";
    public const string BlankCommand = "TR4012";
    /// <summary>With --platform-engine: a step uses an image that a step on another engine builds (it travels only through the registry).</summary>
    public const string ImageFromOtherEngine = "TR4013";
    /// <summary>With --platform-engine: a push of a tag that steps on different engines build.</summary>
    public const string PushBuiltOnSeveralEngines = "TR4014";
}

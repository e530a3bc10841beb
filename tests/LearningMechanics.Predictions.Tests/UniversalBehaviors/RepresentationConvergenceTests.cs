using LearningMechanics.Predictions.UniversalBehaviors;

namespace LearningMechanics.Predictions.Tests.UniversalBehaviors;

public sealed class RepresentationConvergenceTests(ClaimFixture<RepresentationConvergence> fixture) : ClaimTests<RepresentationConvergence>(fixture);
